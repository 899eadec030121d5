package ai.piapi.collector.intake;

import ai.piapi.collector.http.RequestRefused;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body read as a stream, refused (413) once it runs past {@code limit} bytes. */
final class LimitedInputStream extends FilterInputStream {
    private final long limit;
    private long read;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        count(Math.max(n, 0));
        return n;
    }

    private void count(int n) {
        read += n;
        if (read > limit) {
            throw RequestRefused.tooLarge("body larger than " + limit + " bytes");
        }
    }
}
