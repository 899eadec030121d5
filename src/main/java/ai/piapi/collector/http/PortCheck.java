package ai.piapi.collector.http;

import ai.piapi.collector.settings.ConfigurationException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Refuses to start when the HTTP port is taken. Camel's embedded server only logs a failed bind and carries
 * on without a server, which would leave the collector running deaf to webhooks and health probes.
 */
final class PortCheck {
    private PortCheck() {
    }

    static void ensureFree(String host, int port) {
        if (port == 0) {
            return; // a free port is picked at bind time
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // a socket in TIME_WAIT from a previous run is no obstacle
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new ConfigurationException("collector.http.port: cannot listen on " + host + ":" + port + " ("
                    + e.getMessage() + "); choose another port (0 picks a free one) or set collector.http.enabled=false");
        }
    }
}
