package ai.piapi.collector.support;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The PiAPI stand-in for each test, and the collector the test starts against it, both closed after the test
 * (the collector first). Register it on an instance field:
 * {@code @RegisterExtension final CollectorFixture fixture = new CollectorFixture();}, then
 * {@code fixture.start(root, Map.of(...))} in the test.
 */
public final class CollectorFixture implements BeforeEachCallback, AfterEachCallback {
    private PiapiStub piapi;
    private CollectorRun collector;

    @Override
    public void beforeEach(ExtensionContext context) {
        piapi = new PiapiStub();
    }

    /** The stand-in, up from before the test's own set-up. */
    public PiapiStub piapi() {
        return piapi;
    }

    /** Boots a collector on folders under {@code root} against the stand-in; {@code extra} overrides the test defaults. */
    public CollectorRun start(Path root, Map<String, String> extra) throws Exception {
        collector = CollectorRun.start(root, piapi.baseUrl(), extra);
        return collector;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (collector != null) {
                collector.close();
            }
        } finally {
            collector = null;
            piapi.close();
        }
    }
}
