package dev.mephisto.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/**
 * What a client command checks before it makes a Kafka client, and the one-line errors it gives when there is no
 * broker: a Kafka client retries an address where nothing listens until its timeout, so a plain TCP connect says
 * "connection refused" at once.
 */
final class BrokerReach {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private BrokerReach() {
    }

    /**
     * Returns when at least one of {@code bootstrap}'s addresses accepts a TCP connection; otherwise a
     * {@link UserError} naming each address and why, after at most {@link #CONNECT_TIMEOUT} per address.
     */
    static void requireListening(CliContext<?> ctx, String bootstrap) {
        List<String> failures = new ArrayList<>();
        for (String address : bootstrap.split(",")) {
            String trimmed = address.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String host = Utils.getHost(trimmed);
            Integer port = Utils.getPort(trimmed);
            if (host == null || port == null || port < 1 || port > 65_535) {
                throw new UserError("the broker address '" + trimmed + "'"
                        + (trimmed.equals(bootstrap.trim()) ? "" : " (in '" + bootstrap + "')") + " is not HOST:PORT;"
                        + " pass --broker HOST:PORT[,HOST:PORT...]");
            }
            String failure = connect(host, port);
            if (failure == null) {
                return;
            }
            failures.add(trimmed + " (" + failure + ")");
        }
        if (failures.isEmpty()) {
            throw new UserError("no broker address given: pass --broker HOST:PORT[,HOST:PORT...]");
        }
        throw new UserError("no Kafka broker at " + String.join(", ", failures) + "; " + fix(ctx));
    }

    /**
     * Something listens at the address, but no Kafka answer {@code about} something came in time; {@code check}
     * says what to look at, as in "Kafka runs there".
     */
    static UserError noAnswer(String bootstrap, String about, int seconds, Throwable cause, String check) {
        return new UserError("no answer from a Kafka broker at " + bootstrap + " about " + about + " within " + seconds
                + " s (" + (cause.getMessage() == null ? "timed out" : cause.getMessage()) + "): check that " + check
                + ", or pass --broker HOST:PORT", cause);
    }

    private static String fix(CliContext<?> ctx) {
        String app = ctx.app().name();
        return "start one with '" + app + " worker' (it embeds a broker) or '" + app + " broker', or pass"
                + " --broker HOST:PORT";
    }

    /** Null when something listens at host:port, else why not, in a few words. */
    private static String connect(String host, int port) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            return "unknown host " + host;
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
            return null;
        } catch (SocketTimeoutException e) {
            return "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return message.toLowerCase(java.util.Locale.ROOT).startsWith("connection refused") ? "connection refused"
                    : message;
        }
    }
}
