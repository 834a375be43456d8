package dev.mephisto.internal.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one STATS line per agent per interval: consumed and errors in the interval and since start,
 * the rate, and the mean and p99 processing time.
 */
public final class StatsReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("dev.mephisto.STATS");

    /** An agent's figures over the last interval, also served by the HTTP surface. */
    public record Snapshot(String agent, long consumed, long errors, long totalConsumed, long totalErrors,
            double ratePerSecond, double meanMillis, double p99Millis, double p99MillisSinceStart) {
    }

    private final List<AgentMetrics> agents;
    private final ScheduledExecutorService timer;
    private final Map<String, long[]> previous = new HashMap<>();
    private final Map<String, Snapshot> last = new java.util.concurrent.ConcurrentHashMap<>();
    private long previousNanos = System.nanoTime();

    private StatsReporter(List<AgentMetrics> agents, Duration interval) {
        this.agents = agents;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mephisto-stats");
            thread.setDaemon(true);
            return thread;
        });
        if (!interval.isZero()) {
            timer.scheduleAtFixedRate(this::report, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Starts reporting every {@code interval}; {@link Duration#ZERO} keeps the figures but logs nothing. */
    public static StatsReporter start(List<AgentMetrics> agents, Duration interval) {
        return new StatsReporter(agents, interval);
    }

    /** The figures of the last interval (or since start, before the first one), per agent. */
    public synchronized List<Snapshot> snapshots() {
        return agents.stream().map(agent -> last.getOrDefault(agent.agent(), new Snapshot(agent.agent(),
                agent.consumed(), agent.errors(), agent.consumed(), agent.errors(), 0, agent.meanMillis(), 0,
                agent.p99MillisSinceStart()))).toList();
    }

    synchronized void report() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - previousNanos) / 1e9);
        previousNanos = now;
        for (AgentMetrics agent : agents) {
            long consumed = agent.consumed();
            long errors = agent.errors();
            long[] before = previous.getOrDefault(agent.agent(), new long[2]);
            previous.put(agent.agent(), new long[] {consumed, errors});
            Histogram interval = agent.takeInterval();
            double mean = interval.getTotalCount() == 0 ? 0 : interval.getMean() / 1e6;
            double p99 = interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99) / 1e6;
            Snapshot snapshot = new Snapshot(agent.agent(), consumed - before[0], errors - before[1], consumed, errors,
                    (consumed - before[0]) / seconds, mean, p99, agent.p99MillisSinceStart());
            last.put(agent.agent(), snapshot);
            log.info("STATS agent={} consumed={} errors={} rate={}/s mean={}ms p99={}ms total_consumed={}"
                    + " total_errors={} total_mean={}ms total_p99={}ms", agent.agent(), snapshot.consumed(),
                    snapshot.errors(), round(snapshot.ratePerSecond()), round(mean), round(p99), consumed, errors,
                    round(agent.meanMillis()), round(agent.p99MillisSinceStart()));
        }
    }

    private static String round(double value) {
        return String.format(java.util.Locale.ROOT, "%.3f", value);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
