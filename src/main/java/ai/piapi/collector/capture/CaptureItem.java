package ai.piapi.collector.capture;

import ai.piapi.collector.task.CaptureFailure;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One file a capture produces; several JSON paths may name the same URL, which is then fetched once. */
final class CaptureItem {
    final OutputArtifact artifact;
    final String name;
    final Path part;
    final byte[] decoded;
    volatile Fetched fetched;
    ArtifactStore.Kept kept;

    private CaptureItem(OutputArtifact artifact, String name, Path folder, byte[] decoded) {
        this.artifact = artifact;
        this.name = name;
        this.part = folder.resolve("." + name + "." + UUID.randomUUID() + ".part");
        this.decoded = decoded;
    }

    /** The files of a task's output, named safely, one per distinct URL; base64 content is decoded (up to {@code maxBytes}). */
    static Map<OutputArtifact, CaptureItem> plan(List<OutputArtifact> artifacts, Path folder, long maxBytes) {
        ArtifactNames names = new ArtifactNames();
        Map<String, CaptureItem> byUrl = new LinkedHashMap<>();
        Map<OutputArtifact, CaptureItem> plan = new LinkedHashMap<>();
        for (OutputArtifact a : artifacts) {
            if (a.isUrl()) {
                plan.put(a, byUrl.computeIfAbsent(a.url(), url -> new CaptureItem(a, names.forUrl(readable(a)), folder, null)));
            } else {
                byte[] bytes = a.decode(maxBytes);
                plan.put(a, new CaptureItem(a, names.forBase64(a.field(), Arrays.copyOf(bytes, Math.min(bytes.length, 16))),
                        folder, bytes));
            }
        }
        return plan;
    }

    /** The URI of a URL artifact; a string that cannot be made a URI fails the capture, never skips the file. */
    private static URI readable(OutputArtifact a) {
        URI uri = Urls.toHttpUri(a.url());
        if (uri == null) {
            throw CaptureFailure.permanent("not a URL that can be fetched, even percent-encoded: " + Urls.shown(a.url()))
                    .at(a.jsonPath());
        }
        return uri;
    }

    /** Writes decoded base64 content to the part file, forced to disk. */
    void writeDecoded() throws IOException {
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(decoded);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        fetched = new Fetched(decoded.length, HexFormat.of().formatHex(PartFiles.sha256().digest(decoded)),
                ArtifactNames.contentType(name));
    }
}
