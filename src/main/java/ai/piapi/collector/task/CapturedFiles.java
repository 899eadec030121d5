package ai.piapi.collector.task;

import java.util.List;

/**
 * Where a completed task's captured files were stored, as the store names them (an absolute path, or an
 * {@code s3://bucket/key} URI): the manifest, and each of its entries with the location of its file.
 */
public record CapturedFiles(String manifest, List<Stored> files) {
    /** Nothing captured: capture is off, or the output names no file. */
    public static final CapturedFiles NONE = new CapturedFiles(null, List.of());

    public CapturedFiles {
        files = List.copyOf(files);
    }

    /** One manifest entry and where its file is. */
    public record Stored(String location, Manifest.Entry entry) {
    }
}
