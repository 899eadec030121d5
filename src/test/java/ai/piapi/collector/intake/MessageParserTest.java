package ai.piapi.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.piapi.collector.intake.InboxParser.Parsed;
import ai.piapi.collector.intake.InboxParser.Refused;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageParserTest {
    private static final String A = "0f8e2b1c-3d4a-4b5c-9d6e-7f8091a2b3c4";
    private static final String B = "task_3";

    private final MessageParser parser = new MessageParser(new ObjectMapper());

    @Test
    void readsOneIdWithSurroundingSpaceAndAByteOrderMark() {
        assertThat(parser.parse("\uFEFF  " + A + " \n").taskIds()).containsExactly(A);
    }

    @Test
    void readsLinesOfIdsSkippingBlanksAndComments() {
        Parsed parsed = parser.parse("# morning batch\r\n" + A + "\r\n\r\n  " + B + "\n#" + "skipped\n");

        assertThat(parsed.taskIds()).containsExactly(A, B);
        assertThat(parsed.refused()).isEmpty();
    }

    @Test
    void refusesInvalidLinesWithTheirLineNumbersAndKeepsTheGoodOnes() {
        Parsed parsed = parser.parse(A + "\n../etc/passwd\n" + B);

        assertThat(parsed.taskIds()).containsExactly(A, B);
        assertThat(parsed.refused()).extracting(Refused::line, Refused::raw).containsExactly(tuple(2L, "../etc/passwd"));
    }

    @Test
    void readsAJsonObjectWithTaskIdAndIgnoresItsOtherFields() {
        assertThat(parser.parse("{\"task_id\": \" " + A + " \", \"note\": {\"x\": 1}}").taskIds()).containsExactly(A);
    }

    @Test
    void readsAJsonArrayOfStringsAndObjectsRefusingBadElementsByPosition() {
        Parsed parsed = parser.parse("[\"" + A + "\", {\"task_id\": \"" + B + "\"}, 42, {\"id\": \"x\"}, \"bad id\"]");

        assertThat(parsed.taskIds()).containsExactly(A, B);
        assertThat(parsed.refused()).extracting(Refused::line, Refused::raw)
                .containsExactly(tuple(3L, "42"), tuple(4L, "{\"id\":\"x\"}"), tuple(5L, "\"bad id\""));
    }

    @Test
    void takesAnEmptyArrayAsNothingToDo() {
        Parsed parsed = parser.parse("[]");

        assertThat(parsed.taskIds()).isEmpty();
        assertThat(parsed.refused()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"task_id\": ", "[\"a\",", "{\"task_id\": 12}", "{\"other\": \"x\"}", "{\"task_id\":\"a\"} {\"task_id\":\"b\"}",
        "", "   \n ", "\u0000\u0001binary\u0002", "caf\uFFFD"})
    void refusesAnUnreadableMessageWholeAsLineZeroKeepingItsRawBody(String body) {
        Parsed parsed = parser.parse(body);

        assertThat(parsed.taskIds()).isEmpty();
        assertThat(parsed.refused()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(MessageParser.WHOLE_MESSAGE);
            assertThat(r.raw()).isEqualTo(body);
            assertThat(r.detail()).isNotBlank();
        });
    }

    @Test
    void refusesANullBodyAsAnEmptyMessage() {
        assertThat(parser.parse(null).refused()).singleElement().satisfies(r -> assertThat(r.detail()).isEqualTo("empty message"));
    }

    @Test
    void neverTakesAnIdThatFailsTheContractRule() {
        Parsed parsed = parser.parse("[\"" + "a".repeat(129) + "\", \"-dash\", \"ok-1\"]");

        assertThat(parsed.taskIds()).containsExactly("ok-1");
        assertThat(parsed.refused()).hasSize(2);
    }
}
