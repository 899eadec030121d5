package ai.piapi.collector.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TaskIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"0f8e2b1c-3d4a-4b5c-9d6e-7f8091a2b3c4", "6C1B6D3A-9E5F-4C2B-8A7D-1E0F2A3B4C5D", "a", "7", "task_1-b"})
    void acceptsUuidsAndPlainIds(String id) {
        assertThat(TaskId.isValid(id)).isTrue();
    }

    @Test
    void acceptsAnIdOfExactly128Characters() {
        assertThat(TaskId.isValid("a".repeat(128))).isTrue();
    }

    @Test
    void refusesAnIdLongerThan128Characters() {
        String id = "a".repeat(129);
        assertThat(TaskId.isValid(id)).isFalse();
        assertThat(TaskId.whyInvalid(id)).contains("longer than 128");
    }

    @Test
    void refusesAnIdThatStartsWithADash() {
        assertThat(TaskId.isValid("-abc")).isFalse();
        assertThat(TaskId.whyInvalid("-abc")).contains("must match");
    }

    @Test
    void refusesAnIdThatStartsWithAnUnderscore() {
        assertThat(TaskId.isValid("_abc")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..", "a/b", "a\\b", "a.json", "%2e%2e", "a:b"})
    void refusesPathAndUrlCharacters(String id) {
        assertThat(TaskId.isValid(id)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc def", " abc", "abc ", "abc\t", "abc\n", "abc\r\n"})
    void refusesWhitespaceAnywhere(String id) {
        assertThat(TaskId.isValid(id)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tâche", "идентификатор", "٣٤٥", "abc\u200b", "\uFEFFabc", "ｆｕｌｌ"})
    void refusesNonAsciiLettersDigitsAndInvisibleCharacters(String id) {
        assertThat(TaskId.isValid(id)).isFalse();
    }

    @Test
    void refusesAnEmptyId() {
        assertThat(TaskId.isValid("")).isFalse();
        assertThat(TaskId.whyInvalid("")).isEqualTo("empty task ID");
    }

    @Test
    void refusesNullWithoutThrowing() {
        assertThat(TaskId.isValid(null)).isFalse();
        assertThat(TaskId.whyInvalid(null)).isEqualTo("empty task ID");
    }
}
