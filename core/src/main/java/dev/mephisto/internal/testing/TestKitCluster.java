package dev.mephisto.internal.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.mephisto.internal.broker.ClusterProbe;
import dev.mephisto.internal.broker.ExitGuard;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * An in-process cluster from Kafka's own test kit ({@code kafka-test-common-runtime}), at a production metadata
 * version. One broker runs combined with its controller; more brokers get one separate controller, because combined
 * mode with several controllers is broken in Kafka 4.3.1.
 */
public final class TestKitCluster implements RunningCluster {

    public static final String REQUIRED_CLASS = "org.apache.kafka.common.test.KafkaClusterTestKit";

    private final KafkaClusterTestKit kit;
    private final int brokers;
    private final String bootstrapServers;
    private final Set<Integer> stopped = new HashSet<>();

    private TestKitCluster(KafkaClusterTestKit kit, int brokers) {
        this.kit = kit;
        this.brokers = brokers;
        this.bootstrapServers = kit.bootstrapServers();
    }

    public static RunningCluster start(int brokers, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        TestKitNodes nodes = new TestKitNodes.Builder(productionBootstrapMetadata())
                .setCombined(brokers == 1)
                .setNumBrokerNodes(brokers)
                .setNumControllerNodes(1)
                .setBaseDirectory(Files.createTempDirectory("mephisto-kafka-cluster-"))
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        serverConfig(brokers).forEach(builder::setConfigProp);
        KafkaClusterTestKit kit = builder.build();
        ExitGuard.acquire();
        try {
            CompletableFuture<Void> startup = CompletableFuture.runAsync(() -> {
                try {
                    kit.format();
                    kit.startup();
                    kit.waitForReadyBrokers();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, task -> daemon("mephisto-test-cluster-startup", task).start());
            startup.get(remainingMs(deadline), TimeUnit.MILLISECONDS);
            ClusterProbe.awaitBrokers(kit.bootstrapServers(), brokers, Duration.ofMillis(remainingMs(deadline)));
            return new TestKitCluster(kit, brokers);
        } catch (TimeoutException e) {
            closeQuietly(kit);
            throw new IllegalStateException("the in-process Kafka test cluster (" + brokers + " broker(s)) did not get "
                    + "ready within " + timeout.toMillis() + " ms; see the broker log", e);
        } catch (ExecutionException e) {
            closeQuietly(kit);
            Throwable cause = e.getCause();
            if (cause instanceof NoClassDefFoundError) {
                throw (NoClassDefFoundError) cause; // a test kit jar's own dependency is missing: the caller explains
            }
            throw new IllegalStateException("the in-process Kafka test cluster (" + brokers + " broker(s)) failed to "
                    + "start: " + cause, cause);
        } catch (Exception | Error e) {
            closeQuietly(kit);
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
        return List.copyOf(new TreeSet<>(kit.brokers().keySet()));
    }

    @Override
    public boolean isBrokerRunning(int id) {
        broker(id);
        synchronized (stopped) {
            return !stopped.contains(id);
        }
    }

    @Override
    public void stopBroker(int id, Duration timeout) throws Exception {
        BrokerServer broker = broker(id);
        // the controller moves the broker's leaderships and drops it from every ISR before it lets the broker go
        runWithin("stop broker " + id, timeout, () -> {
            broker.shutdown(timeout);
            broker.awaitShutdown();
        });
        synchronized (stopped) {
            stopped.add(id);
        }
    }

    @Override
    public void startBroker(int id, Duration timeout) throws Exception {
        BrokerServer broker = broker(id);
        runWithin("start broker " + id, timeout, broker::startup);
        synchronized (stopped) {
            stopped.remove(id);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            kit.close();
        } finally {
            ExitGuard.release();
        }
    }

    /** The test kit defaults to an unstable testing metadata version; users' tests should see what production runs. */
    private static BootstrapMetadata productionBootstrapMetadata() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> levels = new TreeMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            levels.put(feature.featureName(), feature.defaultLevel(version));
        }
        return BootstrapMetadata.fromVersions(version, levels, "mephisto test cluster");
    }

    private static Map<String, String> serverConfig(int brokers) {
        String replication = Integer.toString(Math.min(brokers, 3));
        String minIsr = Integer.toString(Math.min(brokers, 2));
        Map<String, String> config = new TreeMap<>();
        // Both, or startup hangs about a minute on a production bootstrap.
        config.put("unstable.api.versions.enable", "false");
        config.put("unstable.feature.versions.enable", "false");
        config.put("offsets.topic.replication.factor", replication);
        config.put("transaction.state.log.replication.factor", replication);
        config.put("transaction.state.log.min.isr", minIsr);
        config.put("share.coordinator.state.topic.replication.factor", replication);
        config.put("share.coordinator.state.topic.min.isr", minIsr);
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.num.partitions", "5");
        return config;
    }

    private BrokerServer broker(int id) {
        BrokerServer broker = kit.brokers().get(id);
        if (broker == null) {
            throw new IllegalArgumentException("this cluster has no broker " + id + "; its brokers are " + brokerIds());
        }
        return broker;
    }

    /** Runs a broker's start or stop on a thread of its own, so that a hang ends in an error, not a stuck test. */
    private static void runWithin(String what, Duration timeout, ThrowingRunnable action) throws Exception {
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                action.run();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, task -> daemon("mephisto-test-cluster-" + what.replace(' ', '-'), task).start());
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not " + what + " within " + timeout.toMillis() + " ms; see the "
                    + "broker log", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            throw new IllegalStateException("could not " + what + ": " + cause, cause);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void closeQuietly(KafkaClusterTestKit kit) {
        try {
            kit.close();
        } catch (Exception e) {
            // Already failing to start: the startup error is the one worth reporting.
        } finally {
            ExitGuard.release();
        }
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
