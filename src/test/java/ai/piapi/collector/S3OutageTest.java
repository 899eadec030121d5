package ai.piapi.collector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.format.Durations;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.LogCapture;
import ai.piapi.collector.support.PiapiStub;
import ai.piapi.collector.support.S3Server;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 storage with the S3 server stopped for a while (S3Proxy in-process, stopped and started again on the same port
 * with the same blobs): every task is stored once it is back, none is dead-lettered or counted for it, no file is
 * downloaded twice (what was fetched waits in staging), readiness names {@code collector-storage} meanwhile. The
 * outage lasts {@code -Dcollector.test.s3-outage} (20s by default; the two minutes: {@code =2m}).
 */
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class S3OutageTest {
    private static final String ACCESS_KEY = "AKIATESTCOLLECTOR02";
    private static final String SECRET_KEY = "s3-secret-0a9e-NEVER-LOG-ME";
    private static final Duration OUTAGE = Durations.parse(System.getProperty("collector.test.s3-outage", "20s"));
    private static final int TASKS = 6;

    @TempDir
    Path root;
    S3Server s3;
    PiapiStub piapi;
    WireMockServer files;

    @BeforeEach
    void start() throws Exception {
        s3 = S3Server.start("results", ACCESS_KEY, SECRET_KEY);
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        piapi = new PiapiStub();
        files = new WireMockServer(options().dynamicPort());
        files.start();
    }

    @AfterEach
    void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        files.stop();
        piapi.close();
        s3.close();
    }

    @Test
    void aStoppedBucketServerPausesStorageAndEveryTaskIsStoredOnceItIsBack() throws Exception {
        List<String> ids = IntStream.range(0, TASKS).mapToObj(i -> "s3out-" + i).toList();
        String host = "http://localhost:" + files.port();
        for (int i = 0; i < TASKS; i++) {
            String id = ids.get(i);
            for (String f : List.of("a", "b")) {
                files.stubFor(get("/" + id + "/" + f + ".png").willReturn(aResponse().withBody(id + " " + f)));
            }
            String done = CaptureRoutesTest.completed(id, "{\"image_urls\":[\"" + host + "/" + id + "/a.png\",\""
                    + host + "/" + id + "/b.png\"]}");
            var answers = new ArrayList<com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder>();
            for (int p = 0; p < i; p++) { // the first completes at once, the others one poll later each
                answers.add(PiapiStub.task(id, "processing"));
            }
            answers.add(PiapiStub.json(200, done));
            piapi.script(id, answers.toArray(new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder[0]));
        }
        int mark = LogCapture.mark();

        try (CollectorRun collector = CollectorRun.start(root, piapi.baseUrl(), Map.of(
                "collector.artifacts.enabled", "true",
                "collector.artifacts.allowed-hosts", "localhost",
                "collector.max-transient-errors", "2",
                "collector.poll.initial-delay", "700ms",
                "collector.poll.max-delay", "2s",
                "collector.storage.type", "s3",
                "collector.storage.s3.bucket", "results",
                "collector.storage.s3.prefix", "runs/",
                "collector.storage.s3.region", "us-east-1",
                "collector.storage.s3.endpoint", s3.endpoint()))) {
            HealthCheck storage = collector.context().getRegistry().lookupByNameAndType("collector-storage", HealthCheck.class);
            collector.drop("s3.txt", String.join("\n", ids) + "\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> keys().contains("runs/s3out-0.json"));

            s3.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> storage.call().getState() == HealthCheck.State.DOWN);
            assertThat(storage.call().getMessage()).hasValueSatisfying(m -> assertThat(m).contains("s3://results/runs/"));
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(20)).until(() -> storage.call().getState() == HealthCheck.State.DOWN
                    && deadLetters(collector).isEmpty());
            s3.startAgain();

            await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> settled(collector, id)));
            await().atMost(Duration.ofSeconds(10)).until(() -> storage.call().getState() == HealthCheck.State.UP);
            for (String id : ids) {
                assertThat(collector.ledger().find(id).orElseThrow().state()).as(id).isEqualTo(TaskState.COMPLETED);
                assertThat(collector.ledger().find(id).orElseThrow().transientErrors()).as(id).isZero();
                for (String f : List.of("a", "b")) {
                    assertThat(files.countRequestsMatching(getRequestedFor(urlEqualTo("/" + id + "/" + f + ".png")).build()).getCount())
                            .as("downloads of %s/%s.png: kept in staging while the bucket was away", id, f).isEqualTo(1);
                }
            }
            List<String> expected = new ArrayList<>();
            ids.forEach(id -> expected.addAll(List.of("runs/" + id + ".json", "runs/" + id + "/a.png", "runs/" + id + "/b.png",
                    "runs/" + id + "/manifest.json")));
            assertThat(keys()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(deadLetters(collector)).isEmpty();
            try (Stream<Path> staged = Files.walk(root.resolve("state/staging"))) {
                assertThat(staged.filter(Files::isRegularFile)).as("nothing left in staging").isEmpty();
            }
            try (Connection c = ((JdbcLedger) collector.ledger()).dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM (SELECT task_id FROM task_event WHERE kind = 'completed'"
                         + " GROUP BY task_id HAVING COUNT(*) <> 1) twice")) {
                rs.next();
                assertThat(rs.getLong(1)).as("tasks settled more than once").isZero();
            }
        }
        List<String> lines = LogCapture.since(mark);
        assertThat(lines).filteredOn(l -> l.contains("the result storage") && l.contains("is unavailable")).hasSize(1);
        assertThat(lines).filteredOn(l -> l.contains("the result storage") && l.contains("is available again")).hasSize(1);
        assertThat(lines).noneMatch(l -> l.contains(SECRET_KEY));
        assertThat(lines).filteredOn(l -> l.contains("\n\tat ")).as("stack traces").isEmpty();
    }

    private List<String> keys() {
        return s3.keys();
    }

    private static boolean settled(CollectorRun collector, String id) {
        return collector.ledger().find(id).map(r -> r.state() != TaskState.OPEN).orElse(false);
    }

    private static List<Path> deadLetters(CollectorRun collector) throws Exception {
        try (Stream<Path> dead = Files.list(collector.deadLetter())) {
            return dead.toList();
        }
    }
}
