package ai.piapi.collector.capture;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which file hosts the collector may download from ({@code collector.artifacts.allowed-hosts}). With no list, any
 * public host over https: an address in a loopback, private, link-local (cloud metadata), shared, reserved or
 * multicast range is refused, and so is a URL naming one. With a list, exactly those host names (or literal
 * addresses), over http or https; an entry with a port ({@code files.example:8443}, {@code [::1]:9000}) allows that
 * port only. Each method answers with the reason for a refusal, or null when allowed.
 */
public class HostPolicy {
    /** Ranges no public file host lives in: {@code address/prefix-length}. */
    private static final List<Cidr> NOT_PUBLIC = Cidr.all(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/32", "2001:db8::/32",
            "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8");

    private final Set<String> allowedHosts;

    protected HostPolicy(Collection<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream().map(HostPolicy::entry).collect(Collectors.toUnmodifiableSet());
    }

    /** The policy for {@code hosts}; an empty collection means any public host over https. */
    public static HostPolicy allowing(Collection<String> hosts) {
        return new HostPolicy(hosts);
    }

    public boolean isOpen() {
        return allowedHosts.isEmpty();
    }

    /** Checks a URL before it is requested (the first one and every redirect). */
    public String refuseUrl(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "not an http(s) URL";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return uri.getRawAuthority() == null ? "the URL names no host" : "its host is not a valid host name";
        }
        if (uri.getRawUserInfo() != null) {
            return "the URL carries credentials";
        }
        String host = normalise(uri.getHost());
        if (!isOpen()) {
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return allowedHosts.contains(host) || allowedHosts.contains(host + "@" + port) ? null
                    : "host " + host + " is not in collector.artifacts.allowed-hosts for port " + port;
        }
        if (!scheme.equals("https")) {
            return "plain http is refused (only https, unless collector.artifacts.allowed-hosts lists the host)";
        }
        InetAddress literal = literalAddress(host);
        return literal == null ? null : refuseAddress(host, literal);
    }

    /** Checks an address {@code host} resolved to, before connecting to it. */
    public String refuseAddress(String host, InetAddress address) {
        if (!isOpen() || isPublic(address)) {
            return null;
        }
        return "host " + normalise(host) + " resolves to " + address.getHostAddress()
                + ", a loopback, private, link-local or reserved address";
    }

    /** True unless the address lies in a range no public host uses (IPv4-mapped IPv6 is judged as IPv4). */
    public static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        return NOT_PUBLIC.stream().noneMatch(c -> c.contains(bytes));
    }

    /** An allowed-hosts entry: {@code host} for any port, {@code host@port} for one ({@code h:1}, {@code [::1]:1}). */
    static String entry(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        boolean bracketed = t.startsWith("[") && t.contains("]");
        boolean hasPort = colon > 0 && (bracketed ? colon == t.indexOf(']') + 1 : t.indexOf(':') == colon)
                && t.substring(colon + 1).matches("[0-9]{1,5}");
        return hasPort ? normalise(t.substring(0, colon)) + "@" + Integer.parseInt(t.substring(colon + 1)) : normalise(t);
    }

    static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** The address a host written as an IP literal stands for, without any lookup; null for a name. */
    static InetAddress literalAddress(String host) {
        boolean v4 = host.matches("[0-9.]+") && host.chars().filter(c -> c == '.').count() == 3;
        boolean v6 = host.contains(":") && host.matches("[0-9a-f:.%a-z]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(host); // a literal: parsed, never looked up
        } catch (UnknownHostException malformed) {
            return null;
        }
    }

    /** One range of addresses. */
    private record Cidr(byte[] network, int bits) {
        static List<Cidr> all(String... ranges) {
            return java.util.Arrays.stream(ranges).map(Cidr::parse).toList();
        }

        static Cidr parse(String range) {
            int slash = range.indexOf('/');
            InetAddress net = literalAddress(range.substring(0, slash));
            if (net == null) {
                throw new IllegalArgumentException(range);
            }
            return new Cidr(net.getAddress(), Integer.parseInt(range.substring(slash + 1)));
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
