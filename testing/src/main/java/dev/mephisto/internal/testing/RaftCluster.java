package dev.mephisto.internal.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import dev.mephisto.internal.broker.ClusterProbe;
import dev.mephisto.internal.broker.ExitGuard;
import dev.mephisto.internal.broker.FreePorts;
import dev.mephisto.internal.broker.KraftServerRunner;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * An in-process KRaft cluster of Kafka's production servers ({@code kafka.server.KafkaRaftServer}, the classes the
 * embedded broker runs), at the latest production metadata version, on free loopback ports. One broker runs combined
 * with its controller; more brokers get one separate controller (combined mode with several controllers was broken
 * in Kafka 4.3). Kafka's own test kit is not used: from 4.4 it needs {@code kafka-clients}' test jar, which 4.4.0 does
 * not publish.
 */
public final class RaftCluster implements RunningCluster {

    public static final String REQUIRED_CLASS = "kafka.server.KafkaRaftServer";

    private static final String HOST = FreePorts.LOOPBACK;
    private static final String BROKER = KraftServerRunner.BROKER_LISTENER;
    private static final String CONTROLLER = KraftServerRunner.CONTROLLER_LISTENER;
    private static final int CONTROLLER_ID = 3000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Path baseDir;
    private final int brokers;
    private final String bootstrapServers;
    private final Map<Integer, KafkaConfig> brokerConfigs;
    private final Map<Integer, KafkaRaftServer> running;
    private final KafkaRaftServer controller;
    private final Set<Integer> stopped = new HashSet<>();

    private RaftCluster(Path baseDir, int brokers, String bootstrapServers, Map<Integer, KafkaConfig> brokerConfigs,
                        Map<Integer, KafkaRaftServer> running, KafkaRaftServer controller) {
        this.baseDir = baseDir;
        this.brokers = brokers;
        this.bootstrapServers = bootstrapServers;
        this.brokerConfigs = brokerConfigs;
        this.running = running;
        this.controller = controller;
    }

    public static RunningCluster start(int brokers, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path baseDir = Files.createTempDirectory("mephisto-kafka-cluster-");
        String clusterId = Uuid.randomUuid().toString();
        boolean combined = brokers == 1;
        List<Integer> ports = distinctFreePorts(brokers + 1);
        int controllerPort = ports.get(brokers);
        String voters = (combined ? 0 : CONTROLLER_ID) + "@" + HOST + ":" + controllerPort;
        Map<Integer, KafkaConfig> brokerConfigs = new TreeMap<>();
        for (int id = 0; id < brokers; id++) {
            Path dir = baseDir.resolve("broker-" + id);
            Files.createDirectories(dir);
            KraftServerRunner.format(dir, id, clusterId);
            brokerConfigs.put(id, new KafkaConfig(brokerConfig(id, dir, ports.get(id), combined ? controllerPort : -1,
                    voters, brokers), false));
        }
        KafkaConfig controllerConfig = null;
        if (!combined) {
            Path dir = baseDir.resolve("controller");
            Files.createDirectories(dir);
            KraftServerRunner.format(dir, CONTROLLER_ID, clusterId);
            controllerConfig = new KafkaConfig(controllerOnlyConfig(dir, controllerPort, voters), false);
        }
        String bootstrap = String.join(",", ports.subList(0, brokers).stream().map(port -> HOST + ":" + port).toList());

        ExitGuard.acquire();
        Map<Integer, KafkaRaftServer> running = new HashMap<>();
        KafkaRaftServer controller = null;
        try {
            if (controllerConfig != null) {
                controller = new KafkaRaftServer(controllerConfig, Time.SYSTEM);
                KafkaRaftServer starting = controller;
                runWithin("start the controller", remaining(deadline), starting::startup);
            }
            // A broker's startup waits until it has caught up with the controller's metadata: start them together.
            List<CompletableFuture<Void>> startups = new ArrayList<>();
            for (Map.Entry<Integer, KafkaConfig> entry : brokerConfigs.entrySet()) {
                KafkaRaftServer server = new KafkaRaftServer(entry.getValue(), Time.SYSTEM);
                running.put(entry.getKey(), server);
                startups.add(CompletableFuture.runAsync(server::startup,
                        task -> KraftServerRunner.daemon("mephisto-test-cluster-startup-" + entry.getKey(), task).start()));
            }
            CompletableFuture.allOf(startups.toArray(CompletableFuture[]::new))
                    .get(KraftServerRunner.remainingMs(deadline), TimeUnit.MILLISECONDS);
            ClusterProbe.awaitBrokers(bootstrap, brokers, remaining(deadline));
            return new RaftCluster(baseDir, brokers, bootstrap, brokerConfigs, running, controller);
        } catch (TimeoutException e) {
            stopAll(running.values(), controller, baseDir);
            throw new IllegalStateException("the in-process Kafka test cluster (" + brokers + " broker(s)) did not get "
                    + "ready within " + timeout.toMillis() + " ms; see the broker log", e);
        } catch (ExecutionException e) {
            stopAll(running.values(), controller, baseDir);
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof NoClassDefFoundError missing) {
                throw missing; // a broker jar's own dependency is missing: the caller explains
            }
            throw new IllegalStateException("the in-process Kafka test cluster (" + brokers + " broker(s)) failed to "
                    + "start: " + cause, cause);
        } catch (Exception | Error e) {
            stopAll(running.values(), controller, baseDir);
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public int brokerCount() {
        return brokers;
    }

    @Override
    public List<Integer> brokerIds() {
        return List.copyOf(brokerConfigs.keySet());
    }

    @Override
    public boolean isBrokerRunning(int id) {
        config(id);
        synchronized (stopped) {
            return !stopped.contains(id);
        }
    }

    @Override
    public void stopBroker(int id, Duration timeout) throws Exception {
        config(id);
        KafkaRaftServer server;
        synchronized (stopped) {
            server = running.get(id);
        }
        // a broker's shutdown is controlled: the controller moves its leaderships and drops it from every ISR first
        runWithin("stop broker " + id, timeout, () -> {
            server.shutdown();
            server.awaitShutdown();
        });
        synchronized (stopped) {
            stopped.add(id);
        }
    }

    @Override
    public void startBroker(int id, Duration timeout) throws Exception {
        KafkaRaftServer server = new KafkaRaftServer(config(id), Time.SYSTEM);
        runWithin("start broker " + id, timeout, server::startup);
        synchronized (stopped) {
            running.put(id, server);
            stopped.remove(id);
        }
    }

    @Override
    public void close() throws Exception {
        List<KafkaRaftServer> brokersUp = new ArrayList<>();
        synchronized (stopped) {
            running.forEach((id, server) -> {
                if (!stopped.contains(id)) {
                    brokersUp.add(server);
                }
            });
        }
        stopAll(brokersUp, controller, baseDir);
    }

    private KafkaConfig config(int id) {
        KafkaConfig config = brokerConfigs.get(id);
        if (config == null) {
            throw new IllegalArgumentException("this cluster has no broker " + id + "; its brokers are " + brokerIds());
        }
        return config;
    }

    private static Map<String, Object> brokerConfig(int id, Path dir, int port, int combinedControllerPort,
                                                    String voters, int brokers) {
        Map<String, Object> props = common(dir, voters);
        props.put("node.id", Integer.toString(id));
        if (combinedControllerPort >= 0) {
            props.put("process.roles", "broker,controller");
            props.put("listeners", BROKER + "://" + HOST + ":" + port + "," + CONTROLLER + "://" + HOST + ":"
                    + combinedControllerPort);
        } else {
            props.put("process.roles", "broker");
            props.put("listeners", BROKER + "://" + HOST + ":" + port);
        }
        props.put("advertised.listeners", BROKER + "://" + HOST + ":" + port);
        props.put("inter.broker.listener.name", BROKER);
        String replication = Integer.toString(Math.min(brokers, 3));
        String minIsr = Integer.toString(Math.min(brokers, 2));
        props.put("offsets.topic.replication.factor", replication);
        props.put("transaction.state.log.replication.factor", replication);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("share.coordinator.state.topic.replication.factor", replication);
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        // The default allocates a 128 MB dedupe buffer up front, per broker.
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        return props;
    }

    private static Map<String, Object> controllerOnlyConfig(Path dir, int port, String voters) {
        Map<String, Object> props = common(dir, voters);
        props.put("node.id", Integer.toString(CONTROLLER_ID));
        props.put("process.roles", "controller");
        props.put("listeners", CONTROLLER + "://" + HOST + ":" + port);
        return props;
    }

    private static Map<String, Object> common(Path dir, String voters) {
        Map<String, Object> props = new HashMap<>();
        props.put("listener.security.protocol.map", BROKER + ":PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER);
        props.put("controller.quorum.voters", voters);
        props.put("log.dirs", dir.toString());
        props.put("metadata.log.dir", dir.toString());
        return props;
    }

    private static List<Integer> distinctFreePorts(int count) {
        Set<Integer> ports = new java.util.LinkedHashSet<>();
        while (ports.size() < count) {
            ports.add(FreePorts.any());
        }
        return List.copyOf(ports);
    }

    /** Stops the brokers, then the controller, each within a bound, and deletes the cluster's data. */
    private static void stopAll(Iterable<KafkaRaftServer> brokers, KafkaRaftServer controller, Path baseDir) {
        try {
            List<CompletableFuture<Void>> stops = new ArrayList<>();
            for (KafkaRaftServer server : brokers) {
                stops.add(CompletableFuture.runAsync(() -> stopQuietly(server),
                        task -> KraftServerRunner.daemon("mephisto-test-cluster-stop", task).start()));
            }
            try {
                CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                        .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // stopping is best effort: a broker stuck in shutdown keeps its daemon threads, the test goes on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (controller != null) {
                try {
                    runWithin("stop the controller", CLOSE_TIMEOUT, () -> stopQuietly(controller));
                } catch (Exception e) {
                    // as above
                }
            }
            deleteQuietly(baseDir);
        } finally {
            ExitGuard.release();
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            // closing: the test's own failure, if any, is the one worth reporting
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temp dir left behind
        }
    }

    /** Runs a start or stop on a thread of its own, so that a hang ends in an error, not a stuck test. */
    private static void runWithin(String what, Duration timeout, Runnable action) throws Exception {
        CompletableFuture<Void> done = CompletableFuture.runAsync(action,
                task -> KraftServerRunner.daemon("mephisto-test-cluster-" + what.replace(' ', '-'), task).start());
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not " + what + " within " + timeout.toMillis() + " ms; see the "
                    + "broker log", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof NoClassDefFoundError missing) {
                throw missing;
            }
            throw new IllegalStateException("could not " + what + ": " + cause, cause);
        }
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofMillis(KraftServerRunner.remainingMs(deadlineNanos));
    }
}
