package dev.mephisto.internal.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one STATS line per agent per interval: consumed, sent and errors in the interval and since
 * start, the rate, and the mean and p99 processing time. Every figure comes from the agent's
 * counters and Timer, the ones {@code /metrics} publishes: the interval figures are the difference
 * of two readings, the totals are what a scrape shows at the same moment.
 */
public final class StatsReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("dev.mephisto.STATS");

    /** One window's figures for one agent. */
    public record Window(double seconds, long consumed, long sent, long errors, double meanMillis, double p99Millis) {

        public double ratePerSecond() {
            return seconds <= 0 ? 0 : consumed / seconds;
        }
    }

    /** An agent's figures: the last interval and since start, also served by the HTTP surface. */
    public record Snapshot(String agent, Window interval, Window total) {
    }

    private record Reading(long nanos, long consumed, long sent, long errors, AgentMetrics.Figures figures) {
    }

    private final List<AgentMetrics> agents;
    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();
    private final Map<String, Reading> previous = new HashMap<>();
    private final Map<String, Window> lastInterval = new ConcurrentHashMap<>();

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

    /**
     * Per agent, the last interval (empty before the first one) and the totals read now: the
     * totals agree with a scrape of {@code /metrics} taken at the same moment.
     */
    public synchronized List<Snapshot> snapshots() {
        return agents.stream().map(agent -> new Snapshot(agent.agent(),
                lastInterval.getOrDefault(agent.agent(), new Window(0, 0, 0, 0, 0, 0)), window(read(agent),
                        new Reading(startNanos, 0, 0, 0, AgentMetrics.Figures.EMPTY)))).toList();
    }

    synchronized void report() {
        for (AgentMetrics agent : agents) {
            Reading now = read(agent);
            Reading before = previous.getOrDefault(agent.agent(),
                    new Reading(startNanos, 0, 0, 0, AgentMetrics.Figures.EMPTY));
            previous.put(agent.agent(), now);
            Window interval = window(now, before);
            Window total = window(now, new Reading(startNanos, 0, 0, 0, AgentMetrics.Figures.EMPTY));
            lastInterval.put(agent.agent(), interval);
            log.info("STATS agent={} consumed={} sent={} errors={} rate={}/s mean={}ms p99={}ms total_consumed={}"
                    + " total_sent={} total_errors={} total_mean={}ms total_p99={}ms", agent.agent(),
                    interval.consumed(), interval.sent(), interval.errors(), round(interval.ratePerSecond()),
                    round(interval.meanMillis()), round(interval.p99Millis()), total.consumed(), total.sent(),
                    total.errors(), round(total.meanMillis()), round(total.p99Millis()));
        }
    }

    private static Reading read(AgentMetrics agent) {
        return new Reading(System.nanoTime(), agent.consumed(), agent.sent(), agent.errors(), agent.sinceStart());
    }

    private static Window window(Reading now, Reading before) {
        AgentMetrics.Figures figures = now.figures().minus(before.figures());
        return new Window(Math.max(1e-9, (now.nanos() - before.nanos()) / 1e9), now.consumed() - before.consumed(),
                now.sent() - before.sent(), now.errors() - before.errors(), figures.meanMillis(),
                figures.quantileMillis(0.99));
    }

    private static String round(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
