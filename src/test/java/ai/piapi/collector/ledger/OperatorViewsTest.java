package ai.piapi.collector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.schedule.RunTimeKey;
import ai.piapi.collector.support.PostgresDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The V9 views for people (tasks, task_history, pending_events, run_times) on both databases: times as timestamptz,
 * JSON as JSON, attempts under the API's name; the oldest-open-task query on its index; and on PostgreSQL, every
 * query the README shows, run as written against a ledger with tasks in every state.
 */
class OperatorViewsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Recent, so that the README's "last day" queries find the tasks. */
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path dir;

    @Test
    void viewsShowTimesAndJsonOnH2() throws Exception {
        try (HikariDataSource h2 = LedgerDatabase.open(LedgerDatabase.embeddedUrl(dir), null, null, 4)) {
            fill(h2);

            checkViews(h2, "TIMESTAMP WITH TIME ZONE", "JSON");
            assertThat(plan(h2, "EXPLAIN " + oldestOpenQuery())).containsIgnoringCase("task_open_age");
        }
    }

    @Test
    void viewsShowTimesAndJsonOnPostgres() throws Exception {
        try (PostgresDatabase db = PostgresDatabase.create(); HikariDataSource pg = db.open(4)) {
            fill(pg);

            checkViews(pg, "timestamptz", "jsonb");
            try (Connection c = pg.getConnection(); Statement st = c.createStatement()) {
                ResultSet rs = st.executeQuery("SELECT last_data->>'status', last_data->'meta'->>'ended_at' FROM tasks WHERE task_id = 'v-done'");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("completed");
                assertThat(rs.getString(2)).isEqualTo("2026-11-28T02:00:05Z");
                rs = st.executeQuery("SELECT payload->>'task_id' FROM pending_events");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("v-done");
            }
            String plan = plan(pg, "EXPLAIN " + oldestOpenQuery());
            assertThat(plan).contains("task_open_age").doesNotContain("Sort");
        }
    }

    @Test
    void theReadmesQueriesRunOnPostgres() throws Exception {
        List<String> queries = readmeQueries();
        assertThat(queries).hasSize(3);
        try (PostgresDatabase db = PostgresDatabase.create(); HikariDataSource pg = db.open(4)) {
            fill(pg);
            try (Connection c = pg.getConnection(); Statement st = c.createStatement()) {
                for (String query : queries) {
                    ResultSet rs = st.executeQuery(query);
                    assertThat(rs.next()).as("a row from:%n%s", query).isTrue();
                }
                ResultSet failed = st.executeQuery(queries.get(2));
                failed.next();
                assertThat(failed.getString(1)).isEqualTo("content policy");
            }
        }
    }

    /** One completed task (with an event waiting), one dead-lettered by PiAPI's failure, one open. */
    private static void fill(DataSource dataSource) throws Exception {
        JdbcLedger ledger = new JdbcLedger(dataSource);
        Instant deadline = T0.plus(Duration.ofDays(1));
        ledger.admit(List.of("v-done", "v-failed"), "inbox/batch.txt", T0, deadline);
        ledger.admit(List.of("v-open"), "http", T0.plusSeconds(10), deadline);
        JsonNode done = JSON.readTree("""
                {"task_id":"v-done","model":"Qubico/flux1-dev","task_type":"txt2img","status":"completed",
                 "output":{"image_url":"https://img.theapi.app/temp/v-done.png"},
                 "meta":{"started_at":"2026-11-28T02:00:00Z","ended_at":"2026-11-28T02:00:05Z"}}""");
        JsonNode failed = JSON.readTree("""
                {"task_id":"v-failed","model":"Qubico/flux1-dev","task_type":"txt2img","status":"failed",
                 "error":{"code":10000,"message":"content policy"}}""");
        ledger.settle("v-done", TaskState.COMPLETED, null, "/srv/completed/v-done.json", T0.plusSeconds(60),
                List.of(new OutboxEvent(OutboxEvent.COMPLETED, "v-done", "{\"task_id\":\"v-done\",\"files\":[]}")),
                PollRecord.of(3, 0, T0, null, "completed", 200, null, done));
        ledger.settle("v-failed", TaskState.DEAD, "task_failed", "/srv/dead-letter/v-failed.json", T0.plusSeconds(30),
                List.of(), PollRecord.of(2, 0, T0, null, "failed", 200, "content policy", failed));
        new RunTimeStore(dataSource).merge(Map.of(new RunTimeKey("Qubico/flux1-dev", "txt2img"), new long[] {5000}), T0);
    }

    private static void checkViews(DataSource dataSource, String timeType, String jsonType) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT task_id, state, reason, attempts, first_seen_at, opened_at, settled_at,"
                    + " last_data FROM tasks ORDER BY task_id");
            assertThat(rs.getMetaData().getColumnTypeName(5)).isEqualToIgnoringCase(timeType);
            assertThat(rs.getMetaData().getColumnTypeName(8)).isEqualToIgnoringCase(jsonType);
            rs.next();
            assertThat(rs.getString("task_id")).isEqualTo("v-done");
            assertThat(rs.getInt("attempts")).isEqualTo(3);
            assertThat(rs.getObject("first_seen_at", OffsetDateTime.class).toInstant()).isEqualTo(T0);
            assertThat(rs.getObject("settled_at", OffsetDateTime.class).toInstant()).isEqualTo(T0.plusSeconds(60));
            assertThat(JSON.readTree(rs.getString("last_data")).path("output").path("image_url").asText())
                    .isEqualTo("https://img.theapi.app/temp/v-done.png");
            rs.next();
            assertThat(rs.getString("reason")).isEqualTo("task_failed");
            assertThat(rs.getInt("attempts")).isEqualTo(2);
            rs.next();
            assertThat(rs.getString("state")).isEqualTo("open");
            assertThat(rs.getObject("opened_at", OffsetDateTime.class)).isEqualTo(OffsetDateTime.ofInstant(T0.plusSeconds(10), ZoneOffset.UTC));
            assertThat(rs.getObject("settled_at")).isNull();
            assertThat(rs.getString("last_data")).isNull();
            assertThat(rs.next()).isFalse();

            rs = st.executeQuery("SELECT kind, event_at FROM task_history WHERE task_id = 'v-done' ORDER BY id");
            rs.next();
            assertThat(rs.getString("kind")).isEqualTo("admitted");
            assertThat(rs.getObject("event_at", OffsetDateTime.class).toInstant()).isEqualTo(T0);

            rs = st.executeQuery("SELECT channel, payload, created_at FROM pending_events");
            rs.next();
            assertThat(rs.getMetaData().getColumnTypeName(2)).isEqualToIgnoringCase(jsonType);
            assertThat(JSON.readTree(rs.getString("payload")).path("task_id").asText()).isEqualTo("v-done");
            assertThat(rs.getObject("created_at", OffsetDateTime.class).toInstant()).isEqualTo(T0.plusSeconds(60));

            rs = st.executeQuery("SELECT model, samples, updated_at FROM run_times");
            rs.next();
            assertThat(rs.getLong("samples")).isEqualTo(1);
            assertThat(rs.getObject("updated_at", OffsetDateTime.class).toInstant()).isEqualTo(T0);
        }
    }

    private static String oldestOpenQuery() {
        return Backlog.OLDEST_OPEN;
    }

    private static String plan(DataSource dataSource, String explain) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                st.execute("SET enable_seqscan = off"); // a tiny table is read whole anyway: is the index usable?
            }
            ResultSet rs = st.executeQuery(explain);
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }

    /** The {@code sql} blocks of the README's section on the ledger's views. */
    private static List<String> readmeQueries() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("### Reading the ledger with SQL");
        assertThat(section).as("README section 'Reading the ledger with SQL'").isPositive();
        String text = readme.substring(section, readme.indexOf("\n## ", section));
        List<String> queries = new ArrayList<>();
        Matcher block = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(text);
        while (block.find()) {
            queries.add(block.group(1).strip().replaceAll(";$", ""));
        }
        return queries;
    }
}
