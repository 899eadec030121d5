package ai.piapi.collector.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {
    @Test
    void encodesASpaceAndAPercentSignThatStartsNoEscape() {
        assertThat(Urls.toHttpUri("https://h/my image.png").getRawPath()).isEqualTo("/my%20image.png");
        assertThat(Urls.toHttpUri("https://h/100%.png").getRawPath()).isEqualTo("/100%25.png");
        assertThat(Urls.toHttpUri("https://h/%zz%4").getRawPath()).isEqualTo("/%25zz%254");
        assertThat(Urls.toHttpUri("https://h/a%20b.png").getRawPath()).as("an escape is kept").isEqualTo("/a%20b.png");
    }

    @Test
    void keepsAUrlWhoseHostJavaCannotReadSoThatItsCaptureFailsWithAReason() {
        assertThat(Urls.toHttpUri("http://bad_host.example/a.png").getHost()).isNull();
        assertThat(Urls.origin(Urls.toHttpUri("http://user:pw@bad_host.example:81/a.png"))).isEqualTo("http://bad_host.example:81");
        assertThat(Urls.toHttpUri("http://[broken/a.png")).isNull();
        assertThat(Urls.toHttpUri("ftp://h/a.png")).isNull();
    }

    @Test
    void showsAUrlWithoutItsQueryOrCredentials() {
        assertThat(Urls.shown("https://u:p@h/a b.png?sig=1#x")).isEqualTo("https://h/a b.png");
    }
}
