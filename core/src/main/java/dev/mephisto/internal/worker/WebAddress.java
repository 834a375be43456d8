package dev.mephisto.internal.worker;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Optional;

/** Where a worker serves HTTP, and the address it tells other workers so they can forward table lookups. */
final class WebAddress {

    private WebAddress() {
    }

    /** As set; else loopback beside an embedded broker (which is loopback-only itself), every interface otherwise. */
    static InetAddress bind(String app, Optional<String> configured, boolean embeddedBroker) {
        String address = configured.orElse(embeddedBroker ? "127.0.0.1" : "0.0.0.0");
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("worker of app '" + app + "' cannot serve HTTP on '" + address
                    + "': no such address or host; use --web-bind with an address of this machine, 127.0.0.1 or 0.0.0.0",
                    e);
        }
    }

    /**
     * The address other workers use to forward table lookups here: loopback when serving on loopback,
     * the host name when serving on every interface, else the bound address itself.
     */
    static String advertisedHost(InetAddress bind) {
        if (bind.isLoopbackAddress()) {
            return bind instanceof Inet6Address ? "localhost" : bind.getHostAddress();
        }
        if (!bind.isAnyLocalAddress()) {
            return bind instanceof Inet6Address ? bind.getHostName() : bind.getHostAddress();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    static int freePort(InetAddress bind) {
        try (ServerSocket socket = new ServerSocket(0, 50, bind)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the worker's HTTP surface on " + bind.getHostAddress()
                    + ": " + e.getMessage(), e);
        }
    }
}
