package ai.piapi.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.piapi.collector.intake.InboxParser.Parsed;
import ai.piapi.collector.intake.InboxParser.Refused;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InboxParserTest {
    private static final String A = "0f8e2b1c-3d4a-4b5c-9d6e-7f8091a2b3c4";
    private static final String B = "6c1b6d3a-9e5f-4c2b-8a7d-1e0f2a3b4c5d";
    private static final String C = "task_3";

    private final InboxParser parser = new InboxParser(new ObjectMapper());

    private Parsed parse(String fileName, String content) throws IOException {
        return parser.parse(new StringReader(content), fileName);
    }

    // ---- which files

    @ParameterizedTest
    @ValueSource(strings = {"ids.txt", "IDS.TXT", "batch.csv", "tasks.jsonl", "Tasks.JSONL"})
    void takesTheThreeInboxFormats(String name) {
        assertThat(InboxParser.accepts(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ids.txt.part", "ids.json", "ids", "notes.md", "ids.csv.tmp"})
    void leavesOtherFilesAlone(String name) {
        assertThat(InboxParser.accepts(name)).isFalse();
    }

    // ---- txt

    @Test
    void readsOneIdPerLineSkippingBlanksAndComments() throws IOException {
        Parsed parsed = parse("ids.txt", "# batch of Monday\n" + A + "\n\n   \n  " + B + "  \n#" + C + "\n\t" + C + "\t\n");

        assertThat(parsed.taskIds()).containsExactly(A, B, C);
        assertThat(parsed.refused()).isEmpty();
    }

    @Test
    void readsWindowsLineEndingsAndAByteOrderMark() throws IOException {
        Parsed parsed = parse("ids.txt", "\uFEFF" + A + "\r\n" + B + "\r\n\r\n" + C);

        assertThat(parsed.taskIds()).containsExactly(A, B, C);
        assertThat(parsed.refused()).isEmpty();
    }

    @Test
    void refusesInvalidLinesWithTheirLineNumbers() throws IOException {
        Parsed parsed = parse("ids.txt", A + "\n../etc/passwd\n\n-starts-with-dash\n" + B + "\nhas space\n" + "x".repeat(129) + "\n");

        assertThat(parsed.taskIds()).containsExactly(A, B);
        assertThat(parsed.refused()).extracting(Refused::line, Refused::raw).containsExactly(
                tuple(2L, "../etc/passwd"), tuple(4L, "-starts-with-dash"), tuple(6L, "has space"),
                tuple(7L, "x".repeat(129)));
        assertThat(parsed.refused().get(3).detail()).contains("128");
    }

    @Test
    void keepsTheRefusedLineAsItWasWritten() throws IOException {
        Parsed parsed = parse("ids.txt", "  bad/id  \r\n");

        assertThat(parsed.refused()).singleElement().extracting(Refused::raw).isEqualTo("  bad/id  ");
    }

    @Test
    void keepsDuplicatesInOrderForTheLedgerToCount() throws IOException {
        assertThat(parse("ids.txt", A + "\n" + B + "\n" + A + "\n" + A + "\n").taskIds()).containsExactly(A, B, A, A);
    }

    @Test
    void emptyFileGivesNothing() throws IOException {
        Parsed parsed = parse("ids.txt", "");

        assertThat(parsed.taskIds()).isEmpty();
        assertThat(parsed.refused()).isEmpty();
    }

    // ---- csv

    @Test
    void readsTheTaskIdColumnWhereverItIs() throws IOException {
        assertThat(parse("a.csv", "task_id,model\n" + A + ",flux\n").taskIds()).containsExactly(A);
        assertThat(parse("b.csv", "model,task_id,note\nflux," + A + ",x\nwanx," + B + ",y\n").taskIds())
                .containsExactly(A, B);
        assertThat(parse("c.csv", "model,note,task_id\nflux,x," + A + "\n").taskIds()).containsExactly(A);
    }

    @Test
    void readsAHeaderInAnyCaseAndWithSpaces() throws IOException {
        assertThat(parse("a.csv", "Model, TASK_ID \nflux, " + A + " \n").taskIds()).containsExactly(A);
    }

    @Test
    void readsQuotedValues() throws IOException {
        Parsed parsed = parse("a.csv", "note,task_id\n\"first, with comma\",\"" + A + "\"\n\"say \"\"hi\"\"\"," + B + "\n");

        assertThat(parsed.taskIds()).containsExactly(A, B);
        assertThat(parsed.refused()).isEmpty();
    }

    @Test
    void readsWindowsLineEndingsBlankLinesAndAByteOrderMark() throws IOException {
        Parsed parsed = parse("a.csv", "\uFEFFtask_id,model\r\n" + A + ",flux\r\n\r\n" + B + ",wanx\r\n");

        assertThat(parsed.taskIds()).containsExactly(A, B);
        assertThat(parsed.refused()).isEmpty();
    }

    @Test
    void refusesInvalidRowsWithTheirLineNumbers() throws IOException {
        Parsed parsed = parse("a.csv", "task_id,model\n" + A + ",flux\n../x,flux\n\nbad id,wanx\n" + B + ",wanx\n");

        assertThat(parsed.taskIds()).containsExactly(A, B);
        assertThat(parsed.refused()).extracting(Refused::line).containsExactly(3L, 5L);
        assertThat(parsed.refused()).extracting(Refused::raw).containsExactly("../x,flux", "bad id,wanx");
    }

    @Test
    void refusesARowWithoutATaskIdValue() throws IOException {
        Parsed parsed = parse("a.csv", "model,task_id\nflux\nwanx,\n");

        assertThat(parsed.taskIds()).isEmpty();
        assertThat(parsed.refused()).extracting(Refused::line).containsExactly(2L, 3L);
        assertThat(parsed.refused().get(0).detail()).contains("no task_id value");
    }

    @Test
    void refusesEveryRowWhenTheHeaderHasNoTaskIdColumn() throws IOException {
        Parsed parsed = parse("a.csv", "id,model\n" + A + ",flux\n" + B + ",wanx\n");

        assertThat(parsed.taskIds()).isEmpty();
        assertThat(parsed.refused()).hasSize(2)
                .allSatisfy(r -> assertThat(r.detail()).contains("no task_id column"))
                .extracting(Refused::line).containsExactly(2L, 3L);
    }

    @Test
    void keepsCsvDuplicatesInOrder() throws IOException {
        assertThat(parse("a.csv", "task_id\n" + A + "\n" + B + "\n" + A + "\n").taskIds()).containsExactly(A, B, A);
    }

    @Test
    void headerOnlyCsvGivesNothing() throws IOException {
        Parsed parsed = parse("a.csv", "task_id\n");

        assertThat(parsed.taskIds()).isEmpty();
        assertThat(parsed.refused()).isEmpty();
    }

    @Test
    void unclosedQuoteRefusesTheRestOfTheFileInsteadOfThrowing() throws IOException {
        Parsed parsed = parse("a.csv", "task_id,note\n" + A + ",ok\n" + B + ",\"never closed\n" + C + ",x\n");

        assertThat(parsed.taskIds()).containsExactly(A);
        assertThat(parsed.refused()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(3L);
            assertThat(r.detail()).contains("CSV cannot be parsed from line 3");
        });
    }

    @Test
    void textAfterAClosingQuoteRefusesTheRestOfTheFileInsteadOfThrowing() throws IOException {
        Parsed parsed = parse("a.csv", "task_id\n" + A + "\n\"" + B + "\"x\n" + C + "\n");

        assertThat(parsed.taskIds()).containsExactly(A);
        assertThat(parsed.refused()).singleElement().extracting(Refused::line).isEqualTo(3L);
    }

    @Test
    void unreadableHeaderRefusesTheWholeFileInsteadOfThrowing() throws IOException {
        for (String content : new String[] {"task_id,,note\n" + A + ",1,2\n", "\"task_id\n" + A + "\n"}) {
            Parsed parsed = parse("a.csv", content);

            assertThat(parsed.taskIds()).isEmpty();
            assertThat(parsed.refused()).singleElement().satisfies(r -> {
                assertThat(r.line()).isEqualTo(1L);
                assertThat(r.detail()).contains("CSV cannot be parsed");
            });
        }
    }

    // ---- jsonl

    @Test
    void readsOneObjectPerLine() throws IOException {
        Parsed parsed = parse("t.jsonl", "{\"task_id\":\"" + A + "\",\"model\":\"flux\"}\n\n"
                + "{\"model\":\"wanx\",\"task_id\":\" " + B + " \",\"extra\":{\"a\":1}}\r\n");

        assertThat(parsed.taskIds()).containsExactly(A, B);
        assertThat(parsed.refused()).isEmpty();
    }

    @Test
    void readsAFirstLineWithAByteOrderMark() throws IOException {
        assertThat(parse("t.jsonl", "\uFEFF{\"task_id\":\"" + A + "\"}\n").taskIds()).containsExactly(A);
    }

    @Test
    void refusesALineThatIsNotJson() throws IOException {
        Parsed parsed = parse("t.jsonl", "{\"task_id\":\"" + A + "\"}\n" + B + "\n{\"task_id\":\n");

        assertThat(parsed.taskIds()).containsExactly(A);
        assertThat(parsed.refused()).extracting(Refused::line, Refused::raw)
                .containsExactly(tuple(2L, B), tuple(3L, "{\"task_id\":"));
        assertThat(parsed.refused().get(0).detail()).contains("not a JSON object");
    }

    @Test
    void refusesALineHoldingTwoObjectsRatherThanLosingOne() throws IOException {
        Parsed parsed = parse("t.jsonl", "{\"task_id\":\"" + A + "\"} {\"task_id\":\"" + B + "\"}\n");

        assertThat(parsed.taskIds()).isEmpty();
        assertThat(parsed.refused()).singleElement().extracting(Refused::line).isEqualTo(1L);
    }

    @Test
    void refusesAnObjectWithoutTaskId() throws IOException {
        Parsed parsed = parse("t.jsonl", "{\"id\":\"" + A + "\"}\n{\"task_id\":null}\n[\"" + A + "\"]\n\"" + A + "\"\n");

        assertThat(parsed.taskIds()).isEmpty();
        assertThat(parsed.refused()).extracting(Refused::line).containsExactly(1L, 2L, 3L, 4L);
        assertThat(parsed.refused()).allSatisfy(r -> assertThat(r.detail()).contains("no task_id string"));
    }

    @Test
    void refusesATaskIdThatIsNotAString() throws IOException {
        Parsed parsed = parse("t.jsonl", "{\"task_id\":12345}\n{\"task_id\":{\"id\":\"" + A + "\"}}\n{\"task_id\":[\"" + A + "\"]}\n");

        assertThat(parsed.taskIds()).isEmpty();
        assertThat(parsed.refused()).hasSize(3);
    }

    @Test
    void refusesAnInvalidTaskIdInAnObject() throws IOException {
        Parsed parsed = parse("t.jsonl", "{\"task_id\":\"../../x\"}\n");

        assertThat(parsed.refused()).singleElement().satisfies(r -> {
            assertThat(r.raw()).isEqualTo("{\"task_id\":\"../../x\"}");
            assertThat(r.detail()).contains("must match");
        });
    }

    @Test
    void keepsJsonlDuplicatesInOrder() throws IOException {
        String a = "{\"task_id\":\"" + A + "\"}\n";
        String b = "{\"task_id\":\"" + B + "\"}\n";

        assertThat(parse("t.jsonl", a + b + a).taskIds()).containsExactly(A, B, A);
    }
}
