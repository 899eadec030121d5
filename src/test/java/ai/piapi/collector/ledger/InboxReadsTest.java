package ai.piapi.collector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.support.MemoryLedger;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An inbox file read again after a crash reopens only what was dead-lettered before its first read; what its first
 * read admitted and was dead-lettered since stays dead, until it comes back in a new file.
 */
class InboxReadsTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant DEADLINE = T0.plus(Duration.ofDays(1));

    private HikariDataSource dataSource;
    private JdbcLedger ledger;
    private InboxReads reads;

    @BeforeEach
    void open() {
        dataSource = MemoryLedger.open();
        ledger = new JdbcLedger(dataSource);
        reads = new InboxReads(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void remembersTheFirstReadOfAFileAndOnlyThat() {
        assertThat(reads.firstRead("/in/a.txt|10|1|(dev=1,ino=2)", T0)).isEqualTo(T0);
        assertThat(reads.firstRead("/in/a.txt|10|1|(dev=1,ino=2)", T0.plusSeconds(30))).as("read again").isEqualTo(T0);
        assertThat(reads.firstRead("/in/a.txt|12|5|(dev=1,ino=9)", T0.plusSeconds(40))).as("a new file, same name")
                .isEqualTo(T0.plusSeconds(40));
    }

    @Test
    void aSecondReadOfTheSameFileReopensNothingItsFirstReadSaw() {
        ledger.admit(List.of("old"), "earlier.txt", T0.minusSeconds(600), DEADLINE);
        ledger.settle("old", TaskState.DEAD, "task_failed", "dead-letter/old.json", T0.minusSeconds(300));
        String file = "/in/big.txt|1000|7|(dev=1,ino=3)";

        Instant first = reads.firstRead(file, T0);
        AdmitResult firstRead = ledger.admit(List.of("old", "a", "b"), "big.txt", T0, DEADLINE, first);
        ledger.settle("a", TaskState.DEAD, "task_failed", "dead-letter/a.json", T0.plusSeconds(5)); // then: kill -9
        Instant again = reads.firstRead(file, T0.plusSeconds(60));
        AdmitResult secondRead = ledger.admit(List.of("old", "a", "b", "c"), "big.txt", T0.plusSeconds(60), DEADLINE, again);

        assertThat(firstRead).isEqualTo(new AdmitResult(2, 1, 0));
        assertThat(secondRead).as("only c is new; a stays dead").isEqualTo(new AdmitResult(1, 0, 3));
        assertThat(ledger.find("a").orElseThrow().state()).isEqualTo(TaskState.DEAD);

        Instant replay = reads.firstRead("/in/replay.txt|2|9|(dev=1,ino=4)", T0.plusSeconds(90));
        assertThat(ledger.admit(List.of("a"), "replay.txt", T0.plusSeconds(90), DEADLINE, replay))
                .as("a new file replays it").isEqualTo(new AdmitResult(0, 1, 0));
        assertThat(ledger.find("a").orElseThrow().state()).isEqualTo(TaskState.OPEN);
    }
}
