package dev.mephisto.internal.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/** Finds free TCP ports on the loopback address by binding and releasing them. */
public final class FreePorts {

    public static final String LOOPBACK = "127.0.0.1";

    private FreePorts() {
    }

    /** A port the operating system considers free right now. */
    public static int any() {
        try (ServerSocket socket = bind(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind any port on " + LOOPBACK, e);
        }
    }

    /** A free port other than {@code excluded}. */
    public static int anyExcept(int excluded) {
        for (int attempt = 0; attempt < 10; attempt++) {
            int port = any();
            if (port != excluded) {
                return port;
            }
        }
        throw new IllegalStateException("could not find a free port on " + LOOPBACK + " other than " + excluded);
    }

    /**
     * The first free port in {@code preferred .. preferred + attempts - 1}; {@code preferred == 0} means any free
     * port.
     */
    public static int preferring(int preferred, int attempts) {
        if (preferred == 0) {
            return any();
        }
        int last = Math.min(65_535, preferred + attempts - 1);
        for (int port = preferred; port <= last; port++) {
            if (isFree(port)) {
                return port;
            }
        }
        throw noFreePort(preferred, last);
    }

    private static IllegalStateException noFreePort(int preferred, int last) {
        return new IllegalStateException("no free port for the embedded Kafka broker in " + preferred + ".." + last
                + " on " + LOOPBACK + "; stop what listens there, or use Options.withPort(0) for any free port");
    }

    /**
     * Like {@link #preferring(int, int)}, and the port is also claimed against other embedded brokers starting at the
     * same moment (see {@link PortClaim}); close the claim once the broker listens.
     */
    public static PortClaim claimPreferring(int preferred, int attempts) {
        if (preferred == 0) {
            return PortClaim.unclaimed(any());
        }
        int last = Math.min(65_535, preferred + attempts - 1);
        for (int port = preferred; port <= last; port++) {
            if (!isFree(port)) {
                continue;
            }
            Optional<PortClaim> claim = PortClaim.tryClaim(port);
            if (claim.isEmpty()) {
                continue;
            }
            if (isFree(port)) {
                return claim.get();
            }
            claim.get().close(); // another broker bound it and let its claim go in between
        }
        throw noFreePort(preferred, last);
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = bind(port)) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            // Same flag as Kafka's own acceptor, so a port in TIME_WAIT counts as free for both.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
