package dev.mephisto.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

import dev.mephisto.internal.broker.FreePorts;
import dev.mephisto.internal.broker.KraftServerRunner;
import dev.mephisto.internal.broker.PortClaim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Kafka broker running inside this JVM: Kafka's own production server in KRaft combined mode
 * (broker and controller in one node), listening on {@code 127.0.0.1}. Its data lives in a directory that survives
 * restarts, so a development app keeps its topics, offsets and state between runs. It comes with the
 * {@code dev.mephisto:mephisto-broker} artifact, which also lets {@code worker} and {@code broker} start one when no
 * broker is configured. While a broker runs, a fatal broker fault is logged and thrown
 * instead of halting the JVM.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults())) {
 *     props.put("bootstrap.servers", broker.bootstrapServers());
 *     // run the app against it
 * }
 * }</pre>
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    /** How many ports, from the preferred one upward, are tried before giving up. */
    static final int PORT_ATTEMPTS = 20;

    /** How many times a start that lost its port to another process (a race for the same port) is retried. */
    static final int START_ATTEMPTS = 5;

    private final KraftServerRunner runner;
    private final Path dataDir;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedBroker(KraftServerRunner runner, Path dataDir, int port) {
        this.runner = runner;
        this.dataDir = dataDir;
        this.port = port;
    }

    /**
     * Starts a broker and returns once it accepts client requests. The data directory is formatted on first use
     * and reused afterwards (same cluster id, same topics and offsets). The preferred port is used when free,
     * otherwise the next free one above it; port 0 means any free port. Brokers starting at the same moment on one
     * machine claim their port until they listen, so two of them never pick the same one; when another program takes
     * the chosen port while the broker starts, the half-started broker is stopped and started again on the next free
     * port, up to 5 times. The ready log line names the port it took.
     *
     * <pre>{@code
     * EmbeddedBroker broker = EmbeddedBroker.start(Options.defaults().withDataDir(Path.of("build/kafka")).withPort(0));
     * }</pre>
     *
     * @throws IllegalStateException when no port is free, or the broker does not
     *                               get ready within {@link Options#startupTimeout()}
     */
    public static EmbeddedBroker start(Options options) {
        return start(options, preferred -> FreePorts.claimPreferring(preferred, PORT_ATTEMPTS));
    }

    /** {@link #start(Options)} with the free-port check replaceable, so a test can make the broker lose a race. */
    static EmbeddedBroker start(Options options, IntFunction<PortClaim> freePort) {
        Objects.requireNonNull(options, "options can't be null");
        long began = System.nanoTime();
        long deadline = began + options.startupTimeout().toNanos();
        Path dataDir = options.dataDir().toAbsolutePath().normalize();
        KraftServerRunner runner = null;
        int port = -1;
        for (int attempt = 1; runner == null; attempt++) {
            try (PortClaim claim = freePort.apply(options.port())) {
                port = claim.port();
                runner = startRunner(dataDir, port, remaining(deadline, options));
            } catch (KraftServerRunner.PortTaken e) {
                if (attempt == START_ATTEMPTS) {
                    throw new IllegalStateException("embedded Kafka broker lost its port to another process "
                            + START_ATTEMPTS + " times in a row (last: " + e.getMessage() + "); stop what keeps"
                            + " taking ports near " + options.port() + ", or use Options.withPort(0) for any free port",
                            e);
                }
                log.info("embedded Kafka broker lost port={} to another process while starting (attempt {} of {});"
                        + " Kafka's bind errors above are that race, not a fault; trying the next free port",
                        e.brokerPort(), attempt, START_ATTEMPTS);
            }
        }
        EmbeddedBroker broker = new EmbeddedBroker(runner, dataDir, port);
        long startupMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        if (options.port() != 0 && port != options.port()) {
            log.info("embedded Kafka broker ready bootstrap={} dataDir={} startupMs={} (preferred port {} was taken,"
                    + " so it took {})", broker.bootstrapServers(), dataDir, startupMs, options.port(), port);
        } else {
            log.info("embedded Kafka broker ready bootstrap={} dataDir={} startupMs={}", broker.bootstrapServers(),
                    dataDir, startupMs);
        }
        return broker;
    }

    private static KraftServerRunner startRunner(Path dataDir, int port, Duration timeout) {
        try {
            return KraftServerRunner.start(dataDir, port, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded Kafka broker in " + dataDir, e);
        }
    }

    /** What is left of the startup timeout, never less than a second so a last attempt can still succeed. */
    private static Duration remaining(long deadlineNanos, Options options) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new IllegalStateException("embedded Kafka broker did not start within "
                    + options.startupTimeout().toMillis() + " ms (dataDir=" + options.dataDir() + "); allow more time"
                    + " with Options.withStartupTimeout(...)");
        }
        return Duration.ofNanos(Math.max(left, TimeUnit.SECONDS.toNanos(1)));
    }

    /**
     * The address clients connect to, {@code 127.0.0.1:<port>}.
     *
     * <pre>{@code
     * props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
     * }</pre>
     */
    public String bootstrapServers() {
        return FreePorts.LOOPBACK + ":" + port;
    }

    /**
     * The port the broker listens on: the preferred one, the next free one above it, or any free port.
     *
     * <pre>{@code
     * System.out.println("Kafka on port " + broker.port());
     * }</pre>
     */
    public int port() {
        return port;
    }

    /**
     * The absolute directory holding the broker's logs and metadata.
     *
     * <pre>{@code
     * System.out.println("Kafka data in " + broker.dataDir());
     * }</pre>
     */
    public Path dataDir() {
        return dataDir;
    }

    int controllerPort() {
        return runner.controllerPort();
    }

    /**
     * Shuts the broker down cleanly, waiting at most 30 s. Closing again does nothing. Close Kafka Streams and other
     * clients first, so they do not retry against a vanished broker.
     *
     * <pre>{@code
     * streams.close();
     * broker.close();
     * }</pre>
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long began = System.nanoTime();
        runner.close();
        log.info("embedded Kafka broker stopped bootstrap={} shutdownMs={}",
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    @Override
    public String toString() {
        return "EmbeddedBroker[bootstrap=" + bootstrapServers() + ", dataDir=" + dataDir + "]";
    }

    /**
     * How to start an {@link EmbeddedBroker}: an immutable value, copied by each {@code withX(...)}. Defaults: data
     * in {@code ./.mephisto/kafka}, preferred port 9092, 30 s to get ready.
     *
     * <pre>{@code
     * Options options = Options.defaults().withDataDir(Path.of("/tmp/kafka")).withPort(0);
     * }</pre>
     */
    public static final class Options {

        private static final Options DEFAULTS =
                new Options(Path.of(".mephisto", "kafka"), 9092, Duration.ofSeconds(30));

        private final Path dataDir;
        private final int port;
        private final Duration startupTimeout;

        private Options(Path dataDir, int port, Duration startupTimeout) {
            this.dataDir = dataDir;
            this.port = port;
            this.startupTimeout = startupTimeout;
        }

        /**
         * Data in {@code ./.mephisto/kafka}, preferred port 9092, a 30 s startup timeout.
         *
         * <pre>{@code
         * EmbeddedBroker.start(Options.defaults());
         * }</pre>
         */
        public static Options defaults() {
            return DEFAULTS;
        }

        /**
         * A copy keeping the broker's data in {@code dataDir}, created when missing and formatted on first use.
         *
         * <pre>{@code
         * Options.defaults().withDataDir(Path.of("target/kafka"));
         * }</pre>
         */
        public Options withDataDir(Path dataDir) {
            Objects.requireNonNull(dataDir, "dataDir can't be null");
            return new Options(dataDir, port, startupTimeout);
        }

        /**
         * A copy preferring {@code port}: when it is busy the next free port above it is used (up to 20 tried);
         * {@code 0} means any free port.
         *
         * <pre>{@code
         * Options.defaults().withPort(0);
         * }</pre>
         */
        public Options withPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 (any free port) or 1..65535, was " + port);
            }
            return new Options(dataDir, port, startupTimeout);
        }

        /**
         * A copy allowing {@code timeout} for the broker to start and accept client requests.
         *
         * <pre>{@code
         * Options.defaults().withStartupTimeout(Duration.ofMinutes(1));
         * }</pre>
         */
        public Options withStartupTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout can't be null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startup timeout must be positive, was " + timeout);
            }
            return new Options(dataDir, port, timeout);
        }

        /**
         * The data directory, as given (relative paths resolve against the working directory at start).
         *
         * <pre>{@code
         * Path dir = options.dataDir();
         * }</pre>
         */
        public Path dataDir() {
            return dataDir;
        }

        /**
         * The preferred port; 0 means any free port.
         *
         * <pre>{@code
         * int preferred = options.port();
         * }</pre>
         */
        public int port() {
            return port;
        }

        /**
         * How long {@link EmbeddedBroker#start(Options)} waits for the broker to get ready.
         *
         * <pre>{@code
         * Duration timeout = options.startupTimeout();
         * }</pre>
         */
        public Duration startupTimeout() {
            return startupTimeout;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof Options)) {
                return false;
            }
            Options that = (Options) other;
            return port == that.port && dataDir.equals(that.dataDir) && startupTimeout.equals(that.startupTimeout);
        }

        @Override
        public int hashCode() {
            return Objects.hash(dataDir, port, startupTimeout);
        }

        @Override
        public String toString() {
            return "Options[dataDir=" + dataDir + ", port=" + port + ", startupTimeout=" + startupTimeout + "]";
        }
    }
}
