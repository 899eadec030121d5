package ai.piapi.collector.task;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.task.PollOutcome.Kind;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PollClassifierTest {
    private static final String SECRET = "whsec-9f8e7d6c5b4a";
    private static final Duration RETRY_AFTER = Duration.ofSeconds(42);

    private final PollClassifier classifier = new PollClassifier(new ObjectMapper());

    /** A get-task answer with the given status and error object, echoing a webhook secret as PiAPI does. */
    private static String envelope(String status, String error) {
        return """
                {"code":200,"message":"success","data":{"task_id":"0f8e2b1c-3d4a-4b5c-9d6e-7f8091a2b3c4",
                 "model":"Qubico/flux1-dev","task_type":"txt2img","status":"%s",
                 "config":{"service_mode":"public","webhook_config":{"endpoint":"https://hook.example/in","secret":"%s"}},
                 "input":{"prompt":"a cat"},"output":{"image_url":"https://img.theapi.app/temp/a.png","image_base64":""},
                 "meta":{"created_at":"2026-03-01T12:00:00.123456+08:00","started_at":"0001-01-01T00:00:00Z"},
                 "detail":null,"logs":null,"error":%s}}""".formatted(status, SECRET, error);
    }

    private static final String NO_ERROR = "{\"code\":0,\"raw_message\":\"\",\"message\":\"\",\"detail\":null}";

    @Test
    void completedTaskIsCapturedWithItsData() {
        PollOutcome outcome = classifier.classify(200, envelope("completed", NO_ERROR), null);

        assertThat(outcome.kind()).isEqualTo(Kind.COMPLETED);
        assertThat(outcome.httpStatus()).isEqualTo(200);
        assertThat(outcome.status()).isEqualTo("completed");
        assertThat(outcome.reason()).isNull();
        assertThat(outcome.error()).isNull();
        assertThat(outcome.data().at("/output/image_url").asText()).isEqualTo("https://img.theapi.app/temp/a.png");
    }

    @Test
    void readsAStatusWrittenInCapitals() {
        assertThat(classifier.classify(200, envelope("Completed", NO_ERROR), null).kind()).isEqualTo(Kind.COMPLETED);
    }

    @Test
    void failedTaskIsAFinalFailureCarryingPiapisError() {
        String error = "{\"code\":10000,\"raw_message\":\"upstream said no\",\"message\":\"content policy\",\"detail\":\"\"}";

        PollOutcome outcome = classifier.classify(200, envelope("failed", error), null);

        assertThat(outcome.kind()).isEqualTo(Kind.FINAL_FAILURE);
        assertThat(outcome.reason()).isEqualTo(Reason.TASK_FAILED);
        assertThat(outcome.error().path("code").asInt()).isEqualTo(10000);
        assertThat(outcome.error().path("raw_message").asText()).isEqualTo("upstream said no");
        assertThat(outcome.detail()).contains("failed").contains("content policy");
        assertThat(outcome.data()).isNotNull();
    }

    @Test
    void failedTaskWithAnEmptyErrorObjectCarriesNoError() {
        PollOutcome outcome = classifier.classify(200, envelope("failed", NO_ERROR), null);

        assertThat(outcome.reason()).isEqualTo(Reason.TASK_FAILED);
        assertThat(outcome.error()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cancelled", "canceled", "CANCELLED"})
    void cancelledTaskIsAFinalFailure(String status) {
        PollOutcome outcome = classifier.classify(200, envelope(status, NO_ERROR), null);

        assertThat(outcome.kind()).isEqualTo(Kind.FINAL_FAILURE);
        assertThat(outcome.reason()).isEqualTo(Reason.TASK_CANCELLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pending", "staged", "processing", "Processing", "in_progress", "something_new"})
    void unfinishedOrUnknownStatusKeepsPolling(String status) {
        PollOutcome outcome = classifier.classify(200, envelope(status, NO_ERROR), null);

        assertThat(outcome.kind()).isEqualTo(Kind.RUNNING);
        assertThat(outcome.status()).isEqualTo(status);
        assertThat(outcome.reason()).isNull();
    }

    @Test
    void pendingTaskWithOutputFilledIsStillRunning() {
        String body = envelope("pending", NO_ERROR).replace("https://img.theapi.app/temp/a.png", "");
        assertThat(classifier.classify(200, body, null).kind()).isEqualTo(Kind.RUNNING);
    }

    @Test
    void missingStatusKeepsPolling() {
        assertThat(classifier.classify(200, "{\"code\":200,\"data\":{\"task_id\":\"t1\"}}", null).kind())
                .isEqualTo(Kind.RUNNING);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void refusedKeyPausesWithoutBlamingTheTask(int http) {
        PollOutcome outcome = classifier.classify(http, "{\"code\":" + http + ",\"message\":\"Invalid API key\"}", null);

        assertThat(outcome.kind()).isEqualTo(Kind.AUTH_REFUSED);
        assertThat(outcome.httpStatus()).isEqualTo(http);
        assertThat(outcome.reason()).isNull();
    }

    @Test
    void notFoundAsPlainTextIsAFinalFailureQuotingTheBody() {
        PollOutcome outcome = classifier.classify(404, "404 page not found\n", null);

        assertThat(outcome.kind()).isEqualTo(Kind.FINAL_FAILURE);
        assertThat(outcome.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(outcome.httpStatus()).isEqualTo(404);
        assertThat(outcome.detail()).contains("404 page not found");
    }

    @Test
    void badRequestIsRejected() {
        PollOutcome outcome = classifier.classify(400, "{\"code\":400,\"message\":\"invalid task id\"}", null);

        assertThat(outcome.kind()).isEqualTo(Kind.FINAL_FAILURE);
        assertThat(outcome.reason()).isEqualTo(Reason.REJECTED);
        assertThat(outcome.detail()).contains("invalid task id");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503})
    void overloadAndServerErrorsAreTransientAndKeepRetryAfter(int http) {
        PollOutcome outcome = classifier.classify(http, "upstream unavailable", RETRY_AFTER);

        assertThat(outcome.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(outcome.httpStatus()).isEqualTo(http);
        assertThat(outcome.retryAfter()).isEqualTo(RETRY_AFTER);
        assertThat(outcome.reason()).isNull();
    }

    @Test
    void transientErrorWithoutRetryAfterHasNone() {
        assertThat(classifier.classify(503, "", null).retryAfter()).isNull();
    }

    @Test
    void htmlOnASuccessIsTransient() {
        PollOutcome outcome = classifier.classify(200, "<html><body>Bad gateway</body></html>", null);

        assertThat(outcome.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(outcome.detail()).contains("not JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[1,2]", "\"ok\"", "{\"code\":200,\"data\":{}} trailing"})
    void unusableBodyOnASuccessIsTransient(String body) {
        assertThat(classifier.classify(200, body, null).kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void nullBodyOnASuccessIsTransient() {
        assertThat(classifier.classify(200, null, null).kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void errorCodeInsideASuccessfulAnswerIsTreatedByThatCode() {
        PollOutcome notFound = classifier.classify(200, "{\"code\":404,\"message\":\"task not found\",\"data\":null}", null);
        assertThat(notFound.kind()).isEqualTo(Kind.FINAL_FAILURE);
        assertThat(notFound.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(notFound.httpStatus()).isEqualTo(404);
        assertThat(notFound.detail()).contains("task not found");

        assertThat(classifier.classify(200, "{\"code\":401,\"message\":\"bad key\"}", null).kind())
                .isEqualTo(Kind.AUTH_REFUSED);
        assertThat(classifier.classify(200, "{\"code\":400,\"message\":\"bad\"}", null).reason())
                .isEqualTo(Reason.REJECTED);

        PollOutcome busy = classifier.classify(200, "{\"code\":500,\"message\":\"internal\"}", RETRY_AFTER);
        assertThat(busy.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(busy.retryAfter()).isEqualTo(RETRY_AFTER);
    }

    @Test
    void toleratesUnknownFieldsEverywhere() {
        String body = envelope("completed", NO_ERROR)
                .replace("\"code\":200,", "\"code\":200,\"trace_id\":\"x\",\"extra\":{\"a\":[1]},")
                .replace("\"model\":", "\"brand_new\":{\"deep\":true},\"model\":")
                .replace("\"created_at\":", "\"usage\":{\"type\":\"point\",\"frozen\":0,\"consume\":1},\"created_at\":");

        PollOutcome outcome = classifier.classify(200, body, null);

        assertThat(outcome.kind()).isEqualTo(Kind.COMPLETED);
        assertThat(outcome.data().at("/brand_new/deep").asBoolean()).as("unknown fields are kept").isTrue();
    }

    @Test
    void answerWithoutDataIsTransient() {
        assertThat(classifier.classify(200, "{\"code\":200,\"message\":\"success\"}", null).kind())
                .isEqualTo(Kind.TRANSIENT);
        assertThat(classifier.classify(200, "{\"code\":200,\"data\":null}", null).kind()).isEqualTo(Kind.TRANSIENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"completed", "failed", "cancelled", "pending"})
    void returnedDataHasTheWebhookSecretRedacted(String status) {
        PollOutcome outcome = classifier.classify(200, envelope(status, NO_ERROR), null);

        assertThat(outcome.data().at("/config/webhook_config/secret").asText()).isEqualTo("***");
        assertThat(outcome.data().toString()).doesNotContain(SECRET);
        assertThat(outcome.detail()).doesNotContain(SECRET);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 422, 500})
    void jsonErrorBodyEchoingTheSecretKeepsItOutOfTheDetail(int http) {
        String body = envelope("failed", NO_ERROR).replace("\"code\":200,\"message\":\"success\"",
                "\"code\":" + http + ",\"message\":\"webhook_config rejected\"");

        PollOutcome outcome = classifier.classify(http, body, null);

        assertThat(outcome.detail()).contains("webhook_config rejected").doesNotContain(SECRET);
        assertThat(outcome.data()).isNull();
    }

    @Test
    void errorMessageQuotingTheSecretHasItMasked() {
        String body = envelope("failed", NO_ERROR).replace("\"code\":200,\"message\":\"success\"",
                "\"code\":400,\"message\":\"bad webhook secret " + SECRET + "\"");

        assertThat(classifier.classify(400, body, null).detail()).doesNotContain(SECRET).contains("***");
        assertThat(classifier.classify(200, body, null).detail()).doesNotContain(SECRET).contains("***");
    }

    @Test
    void longPlainTextBodyIsClippedInTheDetail() {
        PollOutcome outcome = classifier.classify(502, "x".repeat(5000), null);

        assertThat(outcome.detail().length()).isLessThan(400);
    }
}
