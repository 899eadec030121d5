package ai.piapi.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.piapi.collector.http.RequestRefused;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RequestBodyParserTest {
    private final RequestBodyParser parser = new RequestBodyParser(new ObjectMapper());

    @Test
    void readsAnObjectWithTaskIds() {
        InboxParser.Parsed p = parser.parse("{\"task_ids\": [\"a-1\", \" b-2 \", \"a-1\"], \"note\": 1}");

        assertThat(p.taskIds()).containsExactly("a-1", "b-2", "a-1");
        assertThat(p.refused()).isEmpty();
    }

    @Test
    void readsAnArrayAndRefusesElementsOneByOne() {
        InboxParser.Parsed p = parser.parse("[\"ok-1\", \"bad id\", 42, null, {\"task_id\": \"x\"}, \"../etc\", \"ok-2\"]");

        assertThat(p.taskIds()).containsExactly("ok-1", "ok-2");
        assertThat(p.refused()).extracting(InboxParser.Refused::line).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(p.refused()).extracting(InboxParser.Refused::raw)
                .containsExactly("bad id", "42", "null", "{\"task_id\":\"x\"}", "../etc");
        assertThat(p.refused().get(1).detail()).isEqualTo("not a JSON string");
    }

    @Test
    void readsTextLinesLikeAnInboxTxtFile() {
        InboxParser.Parsed p = parser.parse("\uFEFF# batch 7\nt-1\r\n\n  t-2  \nnot valid!\n");

        assertThat(p.taskIds()).containsExactly("t-1", "t-2");
        assertThat(p.refused()).singleElement().satisfies(r -> {
            assertThat(r.raw()).isEqualTo("not valid!");
            assertThat(r.line()).isEqualTo(5);
        });
    }

    @Test
    void refusesBodiesItCannotReadWithoutQuotingThem() {
        assertThatThrownBy(() -> parser.parse("{\"task_ids\": [\"secret-looking\""))
                .isInstanceOf(RequestRefused.class).hasMessageStartingWith("body is not valid JSON (line 1")
                .hasMessageNotContaining("secret-looking")
                .satisfies(e -> assertThat(((RequestRefused) e).status()).isEqualTo(400));
        assertThatThrownBy(() -> parser.parse("{\"ids\": []}")).isInstanceOf(RequestRefused.class);
        assertThatThrownBy(() -> parser.parse("{\"task_ids\": \"a-1\"}")).isInstanceOf(RequestRefused.class);
        assertThatThrownBy(() -> parser.parse("[\"a\"] [\"b\"]")).isInstanceOf(RequestRefused.class);
        assertThatThrownBy(() -> parser.parse(" \n ")).isInstanceOf(RequestRefused.class);
        assertThatThrownBy(() -> parser.parse(null)).isInstanceOf(RequestRefused.class);
    }

    @Test
    void refusesFormsAndTakesJsonOrTextWhateverTheirCharset() {
        assertThatThrownBy(() -> parser.parse("a-1", "application/x-www-form-urlencoded"))
                .isInstanceOf(RequestRefused.class).satisfies(e -> assertThat(((RequestRefused) e).status()).isEqualTo(415));
        assertThatThrownBy(() -> parser.parse("a-1", "multipart/form-data; boundary=x")).isInstanceOf(RequestRefused.class);
        assertThat(parser.parse("a-1", "text/plain; charset=utf-8").taskIds()).containsExactly("a-1");
        assertThat(parser.parse("[\"a-1\"]", "application/json").taskIds()).containsExactly("a-1");
        assertThat(parser.parse("a-1", null).taskIds()).containsExactly("a-1");
    }

    @Test
    void acceptsAnEmptyList() {
        assertThat(parser.parse("[]").taskIds()).isEmpty();
        assertThat(parser.parse("{\"task_ids\": []}").refused()).isEmpty();
    }
}
