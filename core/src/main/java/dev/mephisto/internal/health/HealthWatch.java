package dev.mephisto.internal.health;

import dev.mephisto.internal.runtime.AgentMetrics;
import dev.mephisto.internal.runtime.InFlight;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Kafka Streams' state does not show: whether the broker answers, whether a stream thread is
 * stuck on one record, whether the disk has room. Checked on its own daemon thread (the broker
 * asynchronously), so a readiness probe only reads the last findings and never waits.
 */
public final class HealthWatch implements AutoCloseable {

    /** Why the worker is not ready: which check, and what is wrong in words an operator can act on. */
    public record Problem(String check, String message) {
    }

    /** What to watch and when to complain. */
    /** {@code checkLogDirs}: also ask the broker whether its log dirs are online (cheap for the embedded one only). */
    public record Settings(Duration stuckAfter, long minFreeDiskBytes, List<Path> dirs, Duration brokerCheckEvery,
            Duration brokerTimeout, boolean checkLogDirs) {
        public Settings {
            Objects.requireNonNull(stuckAfter, "stuckAfter can't be null");
            dirs = List.copyOf(dirs);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(HealthWatch.class);
    static final String LAST_POLL_METRIC = "last-poll-seconds-ago";

    private final String app;
    private final Supplier<KafkaStreams> streams;
    private volatile Problem rebuild;
    private final List<AgentMetrics> agents;
    private final Settings settings;
    private final Admin admin;
    private final ScheduledExecutorService timer;
    private volatile List<Problem> problems = List.of();
    private volatile Problem broker;
    private volatile long brokerCheckStarted;
    private long lastBrokerCheck;
    private Set<String> lastLogged = Set.of();

    private HealthWatch(String app, Supplier<KafkaStreams> streams, List<AgentMetrics> agents, Settings settings, Admin admin) {
        this.app = app;
        this.streams = streams;
        this.agents = List.copyOf(agents);
        this.settings = settings;
        this.admin = admin;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mephisto-health");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts watching: {@code streamsProps} give the broker address and client security settings
     * for the broker check's own admin client; {@code streams} gives the worker's Kafka Streams as it
     * is now (a worker rebuilding a global store replaces it).
     */
    public static HealthWatch start(String app, String applicationId, Supplier<KafkaStreams> streams, Properties streamsProps,
            List<AgentMetrics> agents, Settings settings) {
        Map<String, Object> adminProps = new StreamsConfig(streamsProps).getAdminConfigs(applicationId + "-health");
        int timeoutMs = (int) settings.brokerTimeout().toMillis();
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        adminProps.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        HealthWatch watch = new HealthWatch(app, streams, agents, settings, Admin.create(adminProps));
        long tickMs = Math.max(50, Math.min(1000, settings.stuckAfter().toMillis() / 4));
        watch.timer.scheduleWithFixedDelay(watch::tick, 0, tickMs, TimeUnit.MILLISECONDS);
        return watch;
    }

    /** The problems found by the latest checks, and a rebuild under way; empty when all is well. */
    public List<Problem> problems() {
        Problem rebuilding = rebuild;
        if (rebuilding == null) {
            return problems;
        }
        List<Problem> all = new ArrayList<>(problems);
        all.add(rebuilding);
        return List.copyOf(all);
    }

    /** Reports the worker not ready while it rebuilds local state ({@code what}: which, and why), until {@link #rebuilt()}. */
    public void rebuilding(String what) {
        rebuild = new Problem("rebuild", what);
    }

    /** The rebuild {@link #rebuilding} reported is done. */
    public void rebuilt() {
        rebuild = null;
    }

    /** True while the last broker check failed: closing then need not wait for commits that cannot succeed. */
    public boolean brokerOrDiskFailing() {
        return problems.stream().anyMatch(p -> p.check().equals("broker") || p.check().equals("disk"));
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            List<Problem> found = new ArrayList<>();
            checkBroker(now, found);
            checkStuck(now, found);
            checkDisk(found);
            problems = List.copyOf(found);
            logChanges(found);
        } catch (RuntimeException e) {
            log.warn("health check of app '{}' failed: {}", app, e.toString(), e);
        }
    }

    private void checkBroker(long now, List<Problem> found) {
        long started = brokerCheckStarted;
        long timeout = settings.brokerTimeout().toNanos();
        if (started != 0 && now - started > timeout + TimeUnit.SECONDS.toNanos(1)) {
            broker = new Problem("broker", "the broker did not answer within " + settings.brokerTimeout().toMillis()
                    + " ms; check that it runs and that this worker can reach it");
        }
        if (started == 0 && (lastBrokerCheck == 0 || now - lastBrokerCheck >= settings.brokerCheckEvery().toNanos())) {
            lastBrokerCheck = now;
            brokerCheckStarted = now;
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) settings.brokerTimeout().toMillis()))
                    .nodes().whenComplete((nodes, error) -> {
                        if (error != null || nodes == null || nodes.isEmpty()) {
                            brokerCheckStarted = 0;
                            broker = new Problem("broker", "the broker is unusable: "
                                    + (error == null ? "it lists no nodes" : describe(error))
                                    + "; check that it runs, has disk space, and that this worker can reach it");
                        } else if (settings.checkLogDirs()) {
                            checkLogDirs(nodes.stream().map(node -> node.id()).toList());
                        } else {
                            brokerCheckStarted = 0;
                            broker = null;
                        }
                    });
        }
        Problem current = broker;
        if (current != null) {
            found.add(current);
        }
    }

    private void checkLogDirs(List<Integer> brokers) {
        admin.describeLogDirs(brokers, new DescribeLogDirsOptions().timeoutMs((int) settings.brokerTimeout().toMillis()))
                .allDescriptions().whenComplete((byBroker, error) -> {
                    brokerCheckStarted = 0;
                    if (error != null) {
                        broker = new Problem("broker", "the broker does not describe its log dirs: " + describe(error)
                                + "; check that it runs and has disk space");
                        return;
                    }
                    List<String> offline = new ArrayList<>();
                    byBroker.values().forEach(dirs -> dirs.forEach((path, description) -> {
                        if (description.error() != null) {
                            offline.add(path + " (" + describe(description.error()) + ")");
                        }
                    }));
                    broker = offline.isEmpty() ? null : new Problem("broker", "the broker stopped writing to its log"
                            + " dir " + String.join(", ", offline) + ": the disk is full or failed; free space, then"
                            + " restart the worker");
                });
    }

    private void checkStuck(long now, List<Problem> found) {
        long deadline = settings.stuckAfter().toNanos();
        Set<String> named = new HashSet<>();
        for (AgentMetrics agent : agents) {
            for (InFlight slot : agent.inFlight()) {
                long busy = slot.busyNanos(now);
                Thread thread = slot.thread();
                if (busy >= deadline && thread != null) {
                    named.add(thread.getName());
                    found.add(new Problem("stuck", "agent '" + agent.agent() + "' has been handling one record for"
                            + " at least " + seconds(busy) + " on stream thread " + thread.getName() + " (deadline "
                            + seconds(deadline) + "): the record makes it hang or loop; see the thread dump, or raise"
                            + " --stuck-after if it is only slow"));
                }
            }
        }
        KafkaStreams current = streams.get();
        if (current.state() != KafkaStreams.State.RUNNING) {
            return;
        }
        Map<String, Double> lastPoll = lastPollSecondsByClient(current);
        for (ThreadMetadata thread : current.metadataForLocalThreads()) {
            Double seconds = lastPoll.get(thread.consumerClientId());
            if (seconds == null || seconds < 0 || named.contains(thread.threadName())
                    || seconds * 1000 < settings.stuckAfter().toMillis()) {
                continue;
            }
            found.add(new Problem("stuck", "stream thread " + thread.threadName() + " has not polled the broker for "
                    + seconds.longValue() + " s (deadline " + seconds(deadline) + "), busy in " + whereIs(thread.threadName())
                    + ": one record or punctuation makes it hang or loop; raise --stuck-after if it is only slow"));
        }
    }

    private static Map<String, Double> lastPollSecondsByClient(KafkaStreams streams) {
        Map<String, Double> seconds = new java.util.HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (name.name().equals(LAST_POLL_METRIC) && name.group().equals("consumer-metrics")) {
                Object value = entry.getValue().metricValue();
                if (value instanceof Number number) {
                    seconds.put(name.tags().get("client-id"), number.doubleValue());
                }
            }
        }
        return seconds;
    }

    /** The innermost frame of the thread outside Kafka and the JDK: where user code is stuck. */
    private static String whereIs(String threadName) {
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            if (!entry.getKey().getName().equals(threadName)) {
                continue;
            }
            StackTraceElement[] frames = entry.getValue();
            for (StackTraceElement frame : frames) {
                String cls = frame.getClassName();
                if (!cls.startsWith("java.") && !cls.startsWith("jdk.") && !cls.startsWith("sun.")
                        && !cls.startsWith("org.apache.kafka.") && !cls.startsWith("dev.mephisto.internal.")) {
                    return frame.toString();
                }
            }
            return frames.length == 0 ? "an unknown place" : frames[0].toString();
        }
        return "an unknown place";
    }

    private void checkDisk(List<Problem> found) {
        Set<FileStore> seen = new HashSet<>();
        for (Path dir : settings.dirs()) {
            Path existing = dir.toAbsolutePath().normalize();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                continue;
            }
            try {
                FileStore store = Files.getFileStore(existing);
                if (!seen.add(store)) {
                    continue;
                }
                long free = store.getUsableSpace();
                if (free < Math.max(1, settings.minFreeDiskBytes())) {
                    found.add(new Problem("disk", "only " + bytes(free) + " free on the disk holding " + dir
                            + ", under the minimum of " + bytes(settings.minFreeDiskBytes())
                            + ": free space or move the data (the broker and table state stop writing on a full disk)"));
                }
            } catch (IOException e) {
                found.add(new Problem("disk", "cannot read the free space of the disk holding " + dir + ": " + e));
            }
        }
    }

    private void logChanges(List<Problem> found) {
        Set<String> now = new HashSet<>();
        found.forEach(problem -> now.add(problem.check()));
        if (now.equals(lastLogged)) {
            return;
        }
        if (now.isEmpty()) {
            log.info("health recovered app={}", app);
        } else {
            found.forEach(problem -> log.warn("worker not ready app={} check={} reason={}", app, problem.check(),
                    problem.message()));
        }
        lastLogged = now;
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static String bytes(long bytes) {
        if (bytes >= 1024L * 1024) {
            return (bytes / (1024L * 1024)) + " MiB";
        }
        return bytes >= 1024 ? (bytes / 1024) + " KiB" : bytes + " B";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ZERO);
    }
}
