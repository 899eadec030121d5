package ai.piapi.collector.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPolicyTest {
    private final HostPolicy open = HostPolicy.allowing(List.of());
    private final HostPolicy listed = HostPolicy.allowing(List.of("localhost", "Files.Example.COM.", "10.1.2.3"));

    @Test
    void theDefaultAllowsAnyPublicHostOverHttps() {
        assertThat(open.isOpen()).isTrue();
        assertThat(open.refuseUrl(URI.create("https://img.theapi.app/temp/a.png"))).isNull();
        assertThat(open.refuseUrl(URI.create("https://93.184.216.34/a.png"))).isNull();
        assertThat(open.refuseUrl(URI.create("https://[2606:4700::6810:84e5]/a.png"))).isNull();
    }

    @Test
    void theDefaultRefusesPlainHttpOtherSchemesAndCredentials() {
        assertThat(open.refuseUrl(URI.create("http://img.theapi.app/a.png"))).contains("plain http");
        assertThat(open.refuseUrl(URI.create("ftp://img.theapi.app/a.png"))).contains("not an http(s) URL");
        assertThat(open.refuseUrl(URI.create("file:///etc/passwd"))).contains("not an http(s) URL");
        assertThat(open.refuseUrl(URI.create("https://user:pw@img.theapi.app/a.png"))).contains("credentials");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "0.0.0.0", "10.0.0.1", "172.16.5.4", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.100.100.200", "224.0.0.1", "255.255.255.255", "[::1]",
        "[::]", "[fd00::1]", "[fd00:ec2::254]", "[fc00::7]", "[fe80::1]", "[::ffff:127.0.0.1]", "[::ffff:a9fe:a9fe]",
        "[ff02::1]", "[64:ff9b::a9fe:a9fe]"})
    void theDefaultRefusesUrlsNamingNonPublicAddresses(String host) {
        assertThat(open.refuseUrl(URI.create("https://" + host + "/latest/meta-data/"))).as(host)
                .contains("loopback, private, link-local or reserved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.9.8.7", "192.168.0.10", "169.254.169.254", "::1", "fd00::1", "fe80::1%1",
        "::ffff:10.0.0.1"})
    void theDefaultRefusesHostsThatResolveToNonPublicAddresses(String address) throws Exception {
        assertThat(open.refuseAddress("cdn.example.com", InetAddress.getByName(address))).as(address)
                .contains("cdn.example.com resolves to");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.128.0.1", "2606:4700::1"})
    void theDefaultAcceptsPublicAddresses(String address) throws Exception {
        assertThat(open.refuseAddress("cdn.example.com", InetAddress.getByName(address))).as(address).isNull();
    }

    @Test
    void aListAllowsExactlyItsHostsOverHttpOrHttpsWhateverTheyResolveTo() throws Exception {
        assertThat(listed.isOpen()).isFalse();
        assertThat(listed.refuseUrl(URI.create("http://localhost:8080/a.png"))).isNull();
        assertThat(listed.refuseUrl(URI.create("https://files.example.com/a.png"))).isNull();
        assertThat(listed.refuseUrl(URI.create("https://FILES.example.com./a.png"))).isNull();
        assertThat(listed.refuseUrl(URI.create("http://10.1.2.3/a.png"))).isNull();
        assertThat(listed.refuseAddress("localhost", InetAddress.getByName("127.0.0.1"))).isNull();

        assertThat(listed.refuseUrl(URI.create("http://127.0.0.1/a.png"))).contains("127.0.0.1 is not in collector.artifacts.allowed-hosts");
        assertThat(listed.refuseUrl(URI.create("https://evil.example.com/a.png"))).contains("not in collector.artifacts.allowed-hosts");
        assertThat(listed.refuseUrl(URI.create("https://files.example.com.evil.net/a.png"))).isNotNull();
        assertThat(listed.refuseUrl(URI.create("ftp://localhost/a.png"))).contains("not an http(s) URL");
    }

    @Test
    void anEntryWithAPortAllowsThatPortOnly() {
        HostPolicy ports = HostPolicy.allowing(List.of("files.example:8443", "[::1]:9000", "cdn.example", "::2"));

        assertThat(ports.refuseUrl(URI.create("https://files.example:8443/a.png"))).isNull();
        assertThat(ports.refuseUrl(URI.create("https://files.example/a.png"))).endsWith("for port 443");
        assertThat(ports.refuseUrl(URI.create("http://files.example:8080/a.png"))).isNotNull();
        assertThat(ports.refuseUrl(URI.create("http://[::1]:9000/a.png"))).isNull();
        assertThat(ports.refuseUrl(URI.create("http://[::1]:9001/a.png"))).isNotNull();
        assertThat(ports.refuseUrl(URI.create("http://cdn.example:1234/a.png"))).as("no port: any port").isNull();
        assertThat(ports.refuseUrl(URI.create("http://[::2]:80/a.png"))).isNull();
    }

    @Test
    void aHostJavaCannotReadIsRefusedWithAReason() {
        assertThat(open.refuseUrl(URI.create("https://bad_host.example/a.png"))).contains("not a valid host name");
        assertThat(listed.refuseUrl(URI.create("http://127.1/a.png"))).contains("not a valid host name");
    }
}
