package ai.piapi.collector.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Whole files or none: a file is written under a temporary name in its own folder ({@code .<name>.tmp}), forced to
 * disk and renamed into place, so its name never holds half a file; a write that fails (a full disk) removes its
 * temporary file at once. The temporary name is the same at each write of a name, so what a crashed writer left is
 * replaced by the next write of that file (another instance taking the task over), and {@link #removeLeftovers(Path)}
 * clears the rest at start-up.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code folder/name}, replacing an older copy whole; returns the file. */
    public static Path write(Path folder, String name, byte[] content) throws IOException {
        Path temp = folder.resolve("." + name + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            return Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cannotEither) {
                e.addSuppressed(cannotEither);
            }
            throw e;
        }
    }

    /** True for a name this class (or an older version's Camel file writer) uses for a file being written. */
    public static boolean isTemporary(String name) {
        return name.startsWith(".") && (name.endsWith(".tmp") || name.endsWith(".part"));
    }

    /** Removes the temporary files in {@code folder} (not below it) that a crash or a failed write left; returns how many. */
    public static int removeLeftovers(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(f -> isTemporary(f.getFileName().toString())).toList()) {
                if (Files.isRegularFile(f) && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        }
        return removed;
    }
}
