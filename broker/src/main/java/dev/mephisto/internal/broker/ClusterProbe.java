package dev.mephisto.internal.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/** Asks a cluster, as a client would, whether it serves requests yet. */
public final class ClusterProbe {

    private static final long RETRY_PAUSE_MS = 100;

    private ClusterProbe() {
    }

    /**
     * Blocks until {@code describeCluster} on {@code bootstrapServers} lists at least {@code brokers} nodes.
     *
     * @throws IllegalStateException naming the last error when {@code timeout} runs out
     */
    public static void awaitBrokers(String bootstrapServers, int brokers, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable lastError = null;
        int lastSeen = 0;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "mephisto-readiness-probe",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200))) {
            while (true) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new IllegalStateException("Kafka at " + bootstrapServers + " did not list " + brokers
                            + " broker(s) within " + timeout.toMillis() + " ms (last seen " + lastSeen + ")"
                            + (lastError == null ? "" : "; last error: " + lastError), lastError);
                }
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(remainingMs, TimeUnit.MILLISECONDS);
                    lastSeen = nodes.size();
                    if (lastSeen >= brokers) {
                        return;
                    }
                } catch (ExecutionException e) {
                    lastError = e.getCause();
                } catch (TimeoutException e) {
                    lastError = e;
                }
                Thread.sleep(RETRY_PAUSE_MS);
            }
        }
    }
}
