package dev.mephisto.internal.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Kafka's production server, {@code kafka.server.KafkaRaftServer}, in this JVM as one KRaft node in combined
 * mode (broker and controller). The only class that touches broker types, so that {@code EmbeddedBroker} loads
 * without them.
 */
public final class KraftServerRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KraftServerRunner.class);

    private static final int NODE_ID = 1;
    public static final String BROKER_LISTENER = "PLAINTEXT";
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** A broker that asked to halt (a full disk, say) waits on replicas and log dirs that will never answer. */
    private static final Duration FAULTED_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaRaftServer server;
    private final DataDirLock dataDirLock;
    private final int brokerPort;
    private final int controllerPort;

    private KraftServerRunner(KafkaRaftServer server, DataDirLock dataDirLock, int brokerPort, int controllerPort) {
        this.server = server;
        this.dataDirLock = dataDirLock;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /**
     * Formats {@code dataDir} if it holds no {@code meta.properties}, starts the node and returns once a client's
     * {@code describeCluster} sees it.
     */
    public static KraftServerRunner start(Path dataDir, int brokerPort, Duration timeout) throws InterruptedException {
        long began = System.nanoTime();
        long deadline = began + timeout.toNanos();
        createDirectories(dataDir);
        DataDirLock dataDirLock = DataDirLock.acquire(dataDir);
        try {
            return startLocked(dataDir, dataDirLock, brokerPort, timeout, began, deadline);
        } catch (InterruptedException | RuntimeException | Error e) {
            dataDirLock.close();
            throw e;
        }
    }

    private static KraftServerRunner startLocked(Path dataDir, DataDirLock dataDirLock, int brokerPort, Duration timeout,
                                                 long began, long deadline) throws InterruptedException {
        // The controller port is not stored anywhere: with a static voter set (controller.quorum.voters, kraft.version 0)
        // the voters' addresses come from the config at every start, so a new port on restart is fine.
        int controllerPort = FreePorts.anyExcept(brokerPort);
        KafkaConfig config = new KafkaConfig(config(dataDir, brokerPort, controllerPort, timeout), false);
        boolean formatted = formatIfNeeded(dataDir);
        long configured = System.nanoTime();

        ExitGuard.acquire();
        AtomicReference<KafkaRaftServer> created = new AtomicReference<>();
        try {
            CompletableFuture<Void> startup = CompletableFuture.runAsync(() -> {
                KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                created.set(server);
                server.startup();
            }, task -> daemon("mephisto-broker-startup", task).start());
            startup.get(remainingMs(deadline), TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            ClusterProbe.awaitBrokers(FreePorts.LOOPBACK + ":" + brokerPort, 1, Duration.ofMillis(remainingMs(deadline)));
            log.debug("embedded Kafka broker phases formatted={} configMs={} startupMs={} probeMs={} controllerPort={}",
                    formatted, millis(began, configured), millis(configured, started), millis(started, System.nanoTime()),
                    controllerPort);
            return new KraftServerRunner(created.get(), dataDirLock, brokerPort, controllerPort);
        } catch (ExecutionException e) {
            stopAfterFailedStart(created.get());
            Throwable cause = e.getCause();
            if (cause instanceof NoClassDefFoundError) {
                throw (NoClassDefFoundError) cause; // a broker jar's own dependency is missing: the caller explains
            }
            if (bindFailure(cause) != null) {
                throw new PortTaken(brokerPort, controllerPort, bindFailure(cause));
            }
            throw new IllegalStateException("embedded Kafka broker failed to start (dataDir=" + dataDir + ", port="
                    + brokerPort + "): " + cause, cause);
        } catch (TimeoutException e) {
            stopAfterFailedStart(created.get());
            throw new IllegalStateException("embedded Kafka broker did not start within " + timeout.toMillis()
                    + " ms (dataDir=" + dataDir + ", port=" + brokerPort + "); see the broker log, "
                    + "or allow more time with Options.withStartupTimeout(...)", e);
        } catch (InterruptedException | RuntimeException | Error e) {
            stopAfterFailedStart(created.get());
            throw e;
        }
    }

    /**
     * The node could not bind its broker or controller port: another process took it between the free-port check
     * and Kafka's bind (two workers racing for one preferred port). The half-started node is stopped and the data
     * dir released, so the caller can start again on other ports.
     */
    public static final class PortTaken extends IllegalStateException {

        private final int brokerPort;

        PortTaken(int brokerPort, int controllerPort, Throwable bindFailure) {
            super("another process took port " + brokerPort + " or controller port " + controllerPort
                    + " while the embedded Kafka broker was starting (" + bindFailure.getMessage() + ")", bindFailure);
            this.brokerPort = brokerPort;
        }

        public int brokerPort() {
            return brokerPort;
        }
    }

    /** The bind failure somewhere in {@code failure}'s causes, or null. */
    private static Throwable bindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return cause;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** Shuts the node down, waiting at most 30 s, or 5 s once the broker hit a fatal fault. */
    @Override
    public void close() {
        if (stop(server, ExitGuard.refusedAny() ? FAULTED_SHUTDOWN_TIMEOUT : SHUTDOWN_TIMEOUT)) {
            ExitGuard.release();
            dataDirLock.close();
        }
    }

    private static Map<String, Object> config(Path dataDir, int brokerPort, int controllerPort, Duration timeout) {
        String host = FreePorts.LOOPBACK;
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        props.put("log.dirs", dataDir.toString());
        props.put("metadata.log.dir", dataDir.toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The default allocates a 128 MB dedupe buffer up front.
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        props.put("server.max.startup.time.ms", Long.toString(timeout.toMillis()));
        return props;
    }

    private static boolean formatIfNeeded(Path dataDir) {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return false;
        }
        try {
            format(dataDir, NODE_ID, Uuid.randomUuid().toString());
        } catch (Exception e) {
            throw new IllegalStateException("could not format the embedded Kafka broker's data dir " + dataDir + ": "
                    + e.getMessage() + "; delete the directory or choose another with Options.withDataDir(...)", e);
        }
        return true;
    }

    /**
     * Formats {@code dataDir} as the storage of KRaft node {@code nodeId} of cluster {@code clusterId}, at the latest
     * production metadata version, with {@value #CONTROLLER_LISTENER} as the controller listener.
     */
    public static void format(Path dataDir, int nodeId, String clusterId) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream quiet = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .addDirectory(dataDir.toString())
                    .setMetadataLogDirectory(dataDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        }
        log.debug("formatted Kafka storage dataDir={} nodeId={} output={}", dataDir, nodeId,
                output.toString(StandardCharsets.UTF_8).trim());
    }

    private static void stopAfterFailedStart(KafkaRaftServer server) {
        if (server == null || stop(server, SHUTDOWN_TIMEOUT)) {
            ExitGuard.release();
        }
    }

    /** True when the server stopped in time; otherwise its threads may still run and the exit guard must stay. */
    private static boolean stop(KafkaRaftServer server, Duration timeout) {
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, task -> daemon("mephisto-broker-shutdown", task).start());
        try {
            shutdown.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            log.warn("embedded Kafka broker did not shut down within {} ms; leaving its threads behind", timeout.toMillis());
            return false;
        } catch (ExecutionException e) {
            log.warn("embedded Kafka broker shutdown failed: {}", e.getCause().toString(), e.getCause());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }

    /** Milliseconds left until {@code deadlineNanos} ({@link System#nanoTime()}), at least 1. */
    public static long remainingMs(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /** An unstarted daemon thread named {@code name}. */
    public static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void createDirectories(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the embedded Kafka broker's data dir " + dataDir, e);
        }
    }
}
