package dev.mephisto.internal.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One agent's counters across all its tasks and threads: records consumed, sent and failed, and
 * processing time in a Micrometer {@link Timer} with a percentile histogram, cheap enough for the
 * per-record path. The Timer is the one source of every latency figure: {@code /metrics} publishes
 * its buckets, and the STATS line and {@code /agents} read the same buckets ({@link Figures}), so
 * all three agree on a window.
 */
public final class AgentMetrics {

    /** The Timer's name: {@code mephisto_agent_processing_seconds} in Prometheus. */
    public static final String TIMER = "mephisto.agent.processing";
    /** The smallest bucket: an agent that copies a record takes a few microseconds. */
    static final Duration MIN_EXPECTED = Duration.ofNanos(1_000);
    static final Duration MAX_EXPECTED = Duration.ofSeconds(60);

    private final String agent;
    private final LongAdder consumed = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder errors = new LongAdder();
    /** Set once, before the stream threads start, by the worker's registry; absent in the test driver. */
    private volatile Timer timer;
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();

    public AgentMetrics(String agent) {
        this.agent = agent;
    }

    public String agent() {
        return agent;
    }

    /** Registers this agent's Timer in {@code registry}; from now on processing times are recorded. */
    public Timer bindTo(MeterRegistry registry) {
        Timer bound = Timer.builder(TIMER).description("time an agent's code took per record")
                .tag("agent", agent).publishPercentileHistogram().minimumExpectedValue(MIN_EXPECTED)
                .maximumExpectedValue(MAX_EXPECTED).register(registry);
        timer = bound;
        return bound;
    }

    /**
     * One record handled in {@code nanos}. Once the Timer is bound its count is the consumed count, so
     * a record costs one {@code Timer.record} and no second counter.
     */
    void recordProcessed(long nanos) {
        Timer bound = timer;
        if (bound != null) {
            bound.record(nanos, TimeUnit.NANOSECONDS);
        } else {
            consumed.increment();
        }
    }

    void recordSent() {
        sent.increment();
    }

    /** A slot for one task of this agent to show the record it is handling; release it when the task closes. */
    InFlight track() {
        InFlight slot = new InFlight();
        inFlight.add(slot);
        return slot;
    }

    void untrack(InFlight slot) {
        inFlight.remove(slot);
    }

    /** What each of this agent's open tasks is handling right now. */
    public Set<InFlight> inFlight() {
        return inFlight;
    }

    /**
     * Counts an error of the agent's code and gives what to throw: the exception itself when
     * unchecked, else wrapped in an {@link AgentFailedException} that names the agent.
     */
    RuntimeException failure(String agent, Exception e) {
        recordError();
        return e instanceof RuntimeException unchecked ? unchecked : new AgentFailedException(agent, e);
    }

    void recordError() {
        errors.increment();
    }

    /** Records handled: the Timer's count once bound (plus any handled before, in the test driver). */
    public long consumed() {
        Timer bound = timer;
        return bound == null ? consumed.sum() : consumed.sum() + bound.count();
    }

    public long sent() {
        return sent.sum();
    }

    public long errors() {
        return errors.sum();
    }

    /** The figures since start, read from the Timer (empty figures before it is bound). */
    public Figures sinceStart() {
        Timer bound = timer;
        return bound == null ? Figures.EMPTY : Figures.of(bound.takeSnapshot());
    }

    /**
     * Processing-time figures over a window: how many, their sum and the Timer's cumulative
     * buckets (upper bound in nanoseconds, records at or under it). The figures of an interval are
     * {@link #minus} of two snapshots; percentiles interpolate within a bucket exactly as
     * Prometheus' {@code histogram_quantile} does, so they match what a dashboard computes.
     */
    public record Figures(long count, double totalNanos, double[] bounds, double[] cumulative) {

        static final Figures EMPTY = new Figures(0, 0, new double[0], new double[0]);

        static Figures of(HistogramSnapshot snapshot) {
            CountAtBucket[] buckets = snapshot.histogramCounts();
            double[] bounds = new double[buckets.length];
            double[] cumulative = new double[buckets.length];
            for (int i = 0; i < buckets.length; i++) {
                bounds[i] = buckets[i].bucket(TimeUnit.NANOSECONDS);
                cumulative[i] = buckets[i].count();
            }
            return new Figures(snapshot.count(), snapshot.total(TimeUnit.NANOSECONDS), bounds, cumulative);
        }

        /** These figures less {@code earlier}'s: the window between the two snapshots. */
        public Figures minus(Figures earlier) {
            if (earlier.bounds.length != bounds.length) {
                return this;
            }
            double[] diff = new double[cumulative.length];
            for (int i = 0; i < diff.length; i++) {
                diff[i] = cumulative[i] - earlier.cumulative[i];
            }
            return new Figures(count - earlier.count, totalNanos - earlier.totalNanos, bounds, diff);
        }

        /** The mean in milliseconds; 0 without records. */
        public double meanMillis() {
            return count == 0 ? 0 : totalNanos / count / 1e6;
        }

        /**
         * The {@code quantile} (0..1) in milliseconds, interpolated linearly within its bucket as
         * {@code histogram_quantile} does; 0 without records. Above the last bucket: its bound.
         */
        public double quantileMillis(double quantile) {
            if (count == 0 || bounds.length == 0) {
                return 0;
            }
            double rank = quantile * count;
            double lower = 0;
            double below = 0;
            for (int i = 0; i < bounds.length; i++) {
                if (cumulative[i] >= rank) {
                    double inBucket = cumulative[i] - below;
                    double fraction = inBucket <= 0 ? 1 : (rank - below) / inBucket;
                    return (lower + (bounds[i] - lower) * fraction) / 1e6;
                }
                lower = bounds[i];
                below = cumulative[i];
            }
            return bounds[bounds.length - 1] / 1e6;
        }
    }
}
