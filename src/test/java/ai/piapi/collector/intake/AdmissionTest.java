package ai.piapi.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.support.MemoryLedger;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class AdmissionTest { // one ledger for the class: each test uses IDs of its own
    private final HikariDataSource dataSource = MemoryLedger.open();
    private final JdbcLedger ledger = new JdbcLedger(dataSource);
    private final Admission admission = new Admission(ledger, Duration.ofDays(1), new Tally(), Clock.systemUTC(), 3);

    @org.junit.jupiter.api.AfterAll
    void close() {
        dataSource.close();
    }

    private static String lines(int valid, int invalid) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < valid; i++) {
            text.append("task-").append(i).append('\n');
        }
        for (int i = 0; i < invalid; i++) {
            text.append("bad line ").append(i).append('\n');
        }
        return text.toString();
    }

    @Test
    void admitsAStreamInChunksAndKeepsOnlyTheFirstRefusalsWithOneRecordForTheRest() throws Exception {
        InboxParser parser = new InboxParser(new ObjectMapper());

        Admission.Outcome outcome = admission.admit("big.txt", null,
                sink -> parser.parse(new StringReader(lines(2500, 10)), "big.txt", sink));
        List<DeadLetter> dead = outcome.deadLetters();

        assertThat(outcome.admitted().accepted()).isEqualTo(2500);
        assertThat(ledger.find("task-2499")).isPresent();
        assertThat(outcome.refusedTotal()).isEqualTo(10);
        assertThat(outcome.refused()).hasSize(3);
        assertThat(dead).hasSize(4);
        assertThat(dead.get(0).raw()).isEqualTo("bad line 0");
        assertThat(dead.get(3).line()).isEqualTo(2504L);
        assertThat(dead.get(3).detail()).startsWith("7 more refused inputs from line 2504 on");
    }

    @Test
    void aBrokenJsonBodyOfFewIdsAdmitsNothing() {
        RequestBodyParser parser = new RequestBodyParser(new ObjectMapper());
        byte[] body = "{\"task_ids\": [\"json-a\", \"json-b\", ".getBytes(StandardCharsets.UTF_8);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> admission.admit("http", null,
                sink -> parser.parse(new ByteArrayInputStream(body), 1000, sink)))
                .hasMessageContaining("not valid JSON");
        assertThat(ledger.find("json-a")).isEmpty();
    }

    @Test
    void refusesABodyPastItsLimitWith413() {
        RequestBodyParser parser = new RequestBodyParser(new ObjectMapper());
        byte[] body = lines(100, 0).getBytes(StandardCharsets.UTF_8);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> admission.admit("http", null,
                sink -> parser.parse(new ByteArrayInputStream(body), 200, sink)))
                .isInstanceOfSatisfying(ai.piapi.collector.http.RequestRefused.class, r -> assertThat(r.status()).isEqualTo(413));
    }
}
