package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.PostgresDatabase;
import ai.piapi.collector.support.TaskServer;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collector.poll.max-rate} is global: three packaged collectors on one PostgreSQL ledger, each wanting far
 * more polls than the limit, together stay at or under 50 polls/s as counted by the stand-in over 20 seconds.
 */
class PollRateLimitIT {
    private static final int MAX_RATE = 50;
    private static final long WINDOW_MS = 20_000;
    private static final Pattern PROGRESS = Pattern.compile("progress: .* ([0-9.]+) polls/s");

    @TempDir
    Path work;

    @Test
    void threeInstancesTogetherStayUnderTheGlobalPollRate() throws Exception {
        List<String> ids = IntStream.range(0, 400).mapToObj(i -> "rate-" + i).toList();
        try (PostgresDatabase db = PostgresDatabase.create();
             TaskServer piapi = TaskServer.start((id, poll) -> "processing", 0); // never final: polls never stop
             HikariDataSource ledger = db.open(2)) {
            Files.createDirectories(work.resolve("inbox"));
            Files.writeString(work.resolve("inbox/rate.txt"), String.join("\n", ids) + "\n");
            List<CollectorProcess> instances = new ArrayList<>();
            try {
                for (String name : List.of("a", "b", "c")) {
                    Files.deleteIfExists(log(name));
                    instances.add(CollectorProcess.start(work, settings(db, piapi, name), log(name)));
                }
                // unlimited, these 400 tasks would be polled some 1,300 times a second (every 300 ms at most)
                await().atMost(Duration.ofSeconds(120)).until(() -> piapi.requestCount() >= 10 * MAX_RATE); // warmed up
                long from = System.currentTimeMillis();
                await().atMost(Duration.ofSeconds(60)).until(() -> lastRequestAt(piapi) >= from + WINDOW_MS);
                long overdue = overdueTasks(ledger, System.currentTimeMillis() - 1000);

                long inWindow = piapi.requests().stream()
                        .filter(r -> r.atMillis() >= from && r.atMillis() < from + WINDOW_MS).count();
                double rate = inWindow * 1000.0 / WINDOW_MS;
                System.out.printf("PollRateLimitIT: %d polls in %d s = %.2f polls/s (limit %d), %d tasks overdue%n",
                        inWindow, WINDOW_MS / 1000, rate, MAX_RATE, overdue);
                assertThat(rate).as("polls/s at the stand-in").isLessThanOrEqualTo(MAX_RATE);
                assertThat(rate).as("the limit paces polls, it does not stall them").isGreaterThan(MAX_RATE / 2.0);
                assertThat(overdue).as("tasks waited past their due time: the limit, not a lack of work, set the pace")
                        .isGreaterThan(100);
                for (String name : List.of("a", "b", "c")) {
                    assertThat(pollRatesLogged(log(name))).as("instance %s polled", name)
                            .anyMatch(r -> r > 0);
                }
            } finally {
                for (CollectorProcess p : instances) {
                    p.close();
                }
            }
        }
    }

    private Properties settings(PostgresDatabase db, TaskServer piapi, String name) throws IOException {
        Properties p = new Properties();
        p.setProperty("piapi.base-url", piapi.baseUrl());
        p.setProperty("piapi.api-key", CollectorRun.API_KEY);
        p.setProperty("collector.poll.max-rate", String.valueOf(MAX_RATE));
        p.setProperty("collector.ledger.url", db.url());
        p.setProperty("collector.ledger.user", db.user());
        p.setProperty("collector.instance-id", name);
        p.setProperty("collector.inbox-dir", work.resolve("inbox").toString());
        p.setProperty("collector.completed-dir", work.resolve("completed").toString());
        p.setProperty("collector.dead-letter-dir", work.resolve("dead-letter").toString());
        p.setProperty("collector.state-dir", Files.createDirectories(work.resolve(name)).toString());
        p.setProperty("collector.poll.initial-delay", "300ms");
        p.setProperty("collector.poll.max-delay", "300ms");
        p.setProperty("collector.poll.concurrency", "8");
        p.setProperty("collector.poll.claim-interval", "100");
        p.setProperty("collector.progress-interval", "2000");
        return p;
    }

    /** Each instance's output, kept with the test logs (which the secret-leak check greps too). */
    private static Path log(String name) throws IOException {
        return Files.createDirectories(Path.of("target/test-logs/poll-rate")).resolve(name + ".log").toAbsolutePath();
    }

    private static long overdueTasks(HikariDataSource ledger, long dueBefore) throws Exception {
        try (Connection c = ledger.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM task WHERE state = 'open' AND next_poll_at < ?")) {
            ps.setLong(1, dueBefore);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long lastRequestAt(TaskServer piapi) {
        List<TaskServer.Request> all = piapi.requests();
        return all.isEmpty() ? 0 : all.get(all.size() - 1).atMillis();
    }

    private static List<Double> pollRatesLogged(Path log) throws IOException {
        List<Double> rates = new ArrayList<>();
        Matcher m = PROGRESS.matcher(Files.readString(log));
        while (m.find()) {
            rates.add(Double.parseDouble(m.group(1)));
        }
        return rates;
    }
}
