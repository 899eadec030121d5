package ai.piapi.collector.capture;

import ai.piapi.collector.task.CaptureFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputArtifactsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<OutputArtifact> find(String output) throws Exception {
        return OutputArtifacts.find(JSON.readTree(output));
    }

    @Test
    void findsFluxsImageUrlAndSkipsAnEmptyBase64() throws Exception {
        List<OutputArtifact> found = find("{\"image_url\":\"https://img.theapi.app/temp/a.png\",\"image_base64\":\"\"}");

        assertThat(found).containsExactly(OutputArtifact.url("output.image_url", "https://img.theapi.app/temp/a.png", "image_url"));
    }

    @Test
    void findsEveryUrlOfAListWithItsIndex() throws Exception {
        List<OutputArtifact> found = find("{\"image_urls\":[\"https://h/1.png\",\"https://h/2.png\"]}");

        assertThat(found).extracting(OutputArtifact::jsonPath).containsExactly("output.image_urls[0]", "output.image_urls[1]");
        assertThat(found).extracting(OutputArtifact::url).containsExactly("https://h/1.png", "https://h/2.png");
    }

    @Test
    void walksNestedObjectsAndArraysOfObjects() throws Exception {
        List<OutputArtifact> found = find("""
                {"video":{"url":"https://cdn/v.mp4","cover":{"url":"http://cdn/c.jpg"}},
                 "works":[{"video":{"resource_without_watermark":"https://cdn/w.mp4"}}],
                 "no_background_image":"https://h/n.png","model_file":"https://h/m.glb","audio_url":" https://h/a.mp3 "}
                """);

        assertThat(found).extracting(OutputArtifact::jsonPath).containsExactly("output.video.url", "output.video.cover.url",
                "output.works[0].video.resource_without_watermark", "output.no_background_image", "output.model_file",
                "output.audio_url");
        assertThat(found.get(5).url()).isEqualTo("https://h/a.mp3");
    }

    @Test
    void takesANonEmptyBase64FieldAsContent() throws Exception {
        List<OutputArtifact> found = find("{\"image_url\":\"\",\"image_base64\":\"iVBORw0KGgo=\"}");

        assertThat(found).containsExactly(OutputArtifact.base64("output.image_base64", "iVBORw0KGgo=", "image_base64"));
    }

    @Test
    void ignoresStringsThatAreNotOneHttpUrl() throws Exception {
        List<OutputArtifact> found = find("""
                {"status":"pending","path":"/temp/a.png","ftp":"ftp://h/a.png","prose":"see https://h/a.png",
                 "data":"data:image/png;base64,iVBOR","n":3,"flag":true,"nothing":null}
                """);

        assertThat(found).isEmpty();
    }

    @Test
    void takesEveryStringThatStartsLikeAnHttpUrlEvenWhenItIsNotAValidOne() throws Exception {
        List<OutputArtifact> found = find("""
                {"nohost":"https:///a.png","space":"https://h/my image.png","pct":"HTTP://h/100%.png",
                 "odd":"http://bad_host.example/a.png","short":"http://127.1/a.png"}""");

        assertThat(found).extracting(OutputArtifact::field).containsExactly("nohost", "space", "pct", "odd", "short");
    }

    @Test
    void quotesKeysThatAreNotPlainNames() throws Exception {
        assertThat(find("{\"a b\":{\"x\\\"y\":\"https://h/f.png\"}}")).extracting(OutputArtifact::jsonPath)
                .containsExactly("output[\"a b\"][\"x\\\"y\"]");
    }

    @Test
    void hasNothingForAMissingOrNullOutput() throws Exception {
        assertThat(OutputArtifacts.find(null)).isEmpty();
        assertThat(OutputArtifacts.find(JSON.readTree("null"))).isEmpty();
        assertThat(OutputArtifacts.find(JSON.readTree("\"https://h/only-a-string.png\""))).hasSize(1);
    }

    @Test
    void readsUrlsWithCharactersAUriMayNotHold() {
        assertThat(Urls.toHttpUri("https://h/a|b^c.png?x={1}").toASCIIString()).isEqualTo("https://h/a%7Cb%5Ec.png?x=%7B1%7D");
        assertThat(Urls.toHttpUri("https://h/ü.png").getPath()).isEqualTo("/ü.png");
        assertThat(Urls.toHttpUri("HTTPS://H/a.png")).isNotNull();
        assertThat(Urls.toHttpUri("https://h/a b.png").getRawPath()).isEqualTo("/a%20b.png");
    }

    @Test
    void decodesBase64AndADataUriWithinTheCap() {
        assertThat(OutputArtifact.base64("output.image_base64", "aGVsbG8=", "image_base64").decode(100)).asString()
                .isEqualTo("hello");
        assertThat(OutputArtifact.base64("p", "data:text/plain;base64,aGVs\r\nbG8=", "x_base64").decode(100)).asString()
                .isEqualTo("hello");
        assertThatThrownBy(() -> OutputArtifact.base64("output.image_base64", "aGVsbG8=", "image_base64").decode(4))
                .isInstanceOf(CaptureFailure.class).hasMessageStartingWith("output.image_base64: collector.artifacts.max-bytes")
                .matches(e -> !((CaptureFailure) e).retryable());
        assertThatThrownBy(() -> OutputArtifact.base64("p", "%%%not-base64", "x_base64").decode(100))
                .isInstanceOf(CaptureFailure.class).hasMessage("p: not valid base64");
    }
}
