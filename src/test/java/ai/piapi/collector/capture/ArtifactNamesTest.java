package ai.piapi.collector.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ArtifactNamesTest {
    private final ArtifactNames names = new ArtifactNames();

    private String name(String url) {
        return names.forUrl(Urls.toHttpUri(url));
    }

    @Test
    void takesTheLastSegmentOfTheUrlPathWithoutTheQuery() {
        assertThat(name("https://img.theapi.app/temp/0f7c2a3e.png?sig=abc&exp=1")).isEqualTo("0f7c2a3e.png");
        assertThat(name("https://cdn/a/b/video.final.mp4")).isEqualTo("video.final.mp4");
    }

    @Test
    void neverLetsThePathClimbOutOrHideAFile() {
        assertThat(name("https://h/files/..%2F..%2Fetc%2Fpasswd")).isEqualTo("passwd");
        assertThat(name("https://h/x%5C..%5C..%5Cboot.ini")).isEqualTo("boot.ini");
        assertThat(name("https://h/files/%2e%2e")).isEqualTo("file");
        assertThat(name("https://h/a/..")).isEqualTo("file-2");
        assertThat(name("https://h/.bashrc")).isEqualTo("bashrc");
        assertThat(name("https://h/")).isEqualTo("file-3");
        assertThat(name("https://h")).isEqualTo("file-4");
        assertThat(name("https://h/a..b...png")).isEqualTo("a.b.png");
    }

    @Test
    void replacesEverythingButPlainCharacters() {
        assertThat(name("https://h/caf%C3%A9%20noir:1;x.png")).isEqualTo("caf__noir_1_x.png");
        assertThat(name("https://h/a%00b.png")).isEqualTo("a_b.png");
    }

    @Test
    void keepsNamesShortWithTheirExtension() {
        String long1 = "x".repeat(300) + ".png";
        String got = name("https://h/" + long1);
        assertThat(got).hasSize(ArtifactNames.MAX_LENGTH).endsWith(".png");
    }

    @Test
    void makesNamesUniqueIgnoringCaseAndKeepsTheManifestsName() {
        assertThat(name("https://h/1/a.png")).isEqualTo("a.png");
        assertThat(name("https://h/2/A.png")).isEqualTo("A-2.png");
        assertThat(name("https://h/3/a.png")).isEqualTo("a-3.png");
        assertThat(name("https://h/manifest.json")).isEqualTo("manifest-2.json");
    }

    @Test
    void namesBase64ContentAfterItsFieldAndSignature() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
        assertThat(names.forBase64("image_base64", png)).isEqualTo("image_base64.png");
        assertThat(names.forBase64("image_base64", jpeg)).isEqualTo("image_base64.jpg");
        assertThat(names.forBase64("../x", new byte[] {1, 2})).isEqualTo("_x.bin");
        assertThat(ArtifactNames.contentType("image_base64.png")).isEqualTo("image/png");
        assertThat(ArtifactNames.contentType("x.bin")).isEqualTo("application/octet-stream");
    }

    @Test
    void everyNameIsASingleSafeSegment() {
        for (String raw : new String[] {"..", "...", "./.", "a/b", "a\\b", "\u0000", "~", "-", "..png", ".git"}) {
            String safe = ArtifactNames.safe(raw, "file");
            assertThat(safe).as(raw).matches("[A-Za-z0-9_-][A-Za-z0-9._-]*").doesNotContain("..");
            assertThat(URI.create("x/" + safe).normalize().toString()).startsWith("x/");
        }
    }
}
