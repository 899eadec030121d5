package ai.piapi.collector.capture;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Resolves file hosts and refuses any whose addresses the policy refuses, so the check is made on the very
 * addresses the connection then uses (no second lookup an attacker's DNS could answer differently).
 */
final class GuardedDnsResolver implements DnsResolver {
    /** A lookup the policy refused: not retried, unlike a failed lookup. */
    static final class RefusedAddressException extends UnknownHostException {
        RefusedAddressException(String reason) {
            super(reason);
        }
    }

    private final HostPolicy policy;
    private final DnsResolver dns;

    GuardedDnsResolver(HostPolicy policy, DnsResolver dns) {
        this.policy = policy;
        this.dns = dns;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = dns.resolve(host);
        for (InetAddress address : addresses) {
            String refusal = policy.refuseAddress(host, address);
            if (refusal != null) {
                throw new RefusedAddressException(refusal);
            }
        }
        return addresses;
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return Arrays.stream(resolve(host)).map(a -> new InetSocketAddress(a, port)).toList();
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return dns.resolveCanonicalHostname(host);
    }
}
