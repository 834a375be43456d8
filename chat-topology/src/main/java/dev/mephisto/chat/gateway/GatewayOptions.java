package dev.mephisto.chat.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Gateway} listens and protects itself: the HTTP port, the largest frame it reads, how
 * many requests a connection may send per second, how many bytes may wait for a client that does
 * not read, and how often it heartbeats for its clients. Immutable; copy with the {@code withX}
 * methods.
 *
 * <pre>{@code
 * GatewayOptions options = GatewayOptions.defaults().withPort(8080).withRequestsPerSecond(10);
 * }</pre>
 */
public final class GatewayOptions {

    private final String host;
    private final int port;
    private final int maxFrameBytes;
    private final int requestsPerSecond;
    private final long maxUnsentBytes;
    private final Duration heartbeat;
    private final Duration idleTimeout;

    private GatewayOptions(String host, int port, int maxFrameBytes, int requestsPerSecond, long maxUnsentBytes,
            Duration heartbeat, Duration idleTimeout) {
        this.host = host;
        this.port = port;
        this.maxFrameBytes = maxFrameBytes;
        this.requestsPerSecond = requestsPerSecond;
        this.maxUnsentBytes = maxUnsentBytes;
        this.heartbeat = heartbeat;
        this.idleTimeout = idleTimeout;
    }

    /**
     * Port 8080 on every interface, frames up to 16 KiB, 20 requests a second per connection (bursts
     * of twice that), 1 MiB unsent per connection, a heartbeat for each quiet client every 10 s, a
     * silent connection closed after 60 s.
     */
    public static GatewayOptions defaults() {
        return new GatewayOptions("0.0.0.0", 8080, 16 * 1024, 20, 1024 * 1024, Duration.ofSeconds(10),
                Duration.ofSeconds(60));
    }

    /** A copy listening on this interface ({@code 127.0.0.1} for this machine only). */
    public GatewayOptions withHost(String host) {
        Objects.requireNonNull(host, "host can't be null");
        return new GatewayOptions(host, port, maxFrameBytes, requestsPerSecond, maxUnsentBytes, heartbeat, idleTimeout);
    }

    /** A copy listening on this port; 0 picks a free one ({@link Gateway#port()} tells which). */
    public GatewayOptions withPort(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        }
        return new GatewayOptions(host, port, maxFrameBytes, requestsPerSecond, maxUnsentBytes, heartbeat, idleTimeout);
    }

    /** A copy closing a connection (1009, with the reason) that sends a frame larger than this. */
    public GatewayOptions withMaxFrameBytes(int bytes) {
        if (bytes < 1_024) {
            throw new IllegalArgumentException("the largest frame must be at least 1024 bytes, got " + bytes);
        }
        return new GatewayOptions(host, port, bytes, requestsPerSecond, maxUnsentBytes, heartbeat, idleTimeout);
    }

    /** A copy refusing (with an error frame) a connection's requests beyond this many a second. */
    public GatewayOptions withRequestsPerSecond(int requests) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests per second must be at least 1, got " + requests);
        }
        return new GatewayOptions(host, port, maxFrameBytes, requests, maxUnsentBytes, heartbeat, idleTimeout);
    }

    /** A copy closing a connection (1008, "too slow") once this many bytes wait for it to read them. */
    public GatewayOptions withMaxUnsentBytes(long bytes) {
        if (bytes < 1_024) {
            throw new IllegalArgumentException("unsent bytes must be at least 1024, got " + bytes);
        }
        return new GatewayOptions(host, port, maxFrameBytes, requestsPerSecond, bytes, heartbeat, idleTimeout);
    }

    /** A copy heartbeating this often for each joined client that sent nothing; keep it under the presence timeout. */
    public GatewayOptions withHeartbeat(Duration every) {
        Objects.requireNonNull(every, "every can't be null");
        if (every.toMillis() < 100) {
            throw new IllegalArgumentException("heartbeat must be at least 100ms, got " + every);
        }
        return new GatewayOptions(host, port, maxFrameBytes, requestsPerSecond, maxUnsentBytes, every, idleTimeout);
    }

    /** A copy closing a connection that sends nothing, not even a ping answer, for this long. */
    public GatewayOptions withIdleTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout can't be null");
        if (timeout.toMillis() < 1_000) {
            throw new IllegalArgumentException("idle timeout must be at least 1s, got " + timeout);
        }
        return new GatewayOptions(host, port, maxFrameBytes, requestsPerSecond, maxUnsentBytes, heartbeat, timeout);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public int requestsPerSecond() {
        return requestsPerSecond;
    }

    public long maxUnsentBytes() {
        return maxUnsentBytes;
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    @Override
    public String toString() {
        return "host=" + host + " port=" + port + " maxFrameBytes=" + maxFrameBytes + " requestsPerSecond="
                + requestsPerSecond + " maxUnsentBytes=" + maxUnsentBytes + " heartbeat=" + heartbeat.toMillis()
                + "ms idleTimeout=" + idleTimeout.toMillis() + "ms";
    }
}
