package ai.piapi.collector.capture;

import ai.piapi.collector.domain.StorageUnavailable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Writing a download's part file. A failure to write it is our disk's, not the file host's: an outage the stage waits
 * out ({@link StorageUnavailable}), never counted against the task (reading from the host stays a CaptureFailure).
 */
final class PartFiles {
    private PartFiles() {
    }

    static FileChannel open(Path target) {
        try {
            return FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw StorageUnavailable.of("cannot write " + target, e);
        }
    }

    /** Writes {@code n} bytes of {@code buffer}; on failure runs {@code abort} (stop the download) first. */
    static void writeAll(FileChannel out, byte[] buffer, int n, Path target, Runnable abort) {
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        try {
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
        } catch (IOException e) {
            abort.run();
            throw StorageUnavailable.of("cannot write " + target, e);
        }
    }

    static void force(FileChannel out, Path target) {
        try {
            out.force(true); // on disk before the caller renames it into place
        } catch (IOException e) {
            throw StorageUnavailable.of("cannot write " + target, e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
