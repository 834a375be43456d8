package dev.mephisto.internal.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One agent's counters across all its tasks and threads: records consumed, sent and failed, and
 * processing time in a histogram. Each task of the agent writes its own {@link ProcessingTally}
 * on its stream thread with plain stores, no atomics; they are added up only when someone reads a
 * figure: {@code /metrics} publishes the sum as the {@code mephisto_agent_processing_seconds}
 * histogram ({@link AgentProcessingCollector}), and the STATS line and {@code /agents} read the same
 * sum ({@link Figures}), so all three agree on a window and nobody scraping costs nothing.
 */
public final class AgentMetrics {

    /** The histogram's name in Prometheus; its buckets are {@link ProcessingTally#BOUNDS}. */
    public static final String HISTOGRAM = "mephisto_agent_processing_seconds";

    private final String agent;
    private final LongAdder errors = new LongAdder();
    /** The open tasks' tallies; each written by its own stream thread only. */
    private final Set<ProcessingTally> tallies = ConcurrentHashMap.newKeySet();
    /**
     * What closed tasks left: written under this object's lock, as is every read that adds the
     * tallies up.
     */
    private final ProcessingTally shared = new ProcessingTally();
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();

    public AgentMetrics(String agent) {
        this.agent = agent;
    }

    public String agent() {
        return agent;
    }

    /** A tally for one task of this agent, written by its stream thread only; {@link #close} it when the task closes. */
    ProcessingTally open() {
        ProcessingTally tally = new ProcessingTally();
        tallies.add(tally);
        return tally;
    }

    /** Keeps what a closed task's tally counted: the sums never go back. */
    synchronized void close(ProcessingTally tally) {
        if (tallies.remove(tally)) {
            shared.absorb(tally);
        }
    }

    /** Every tally added up now. */
    synchronized ProcessingTally.Sum sum() {
        ProcessingTally.Sum sum = new ProcessingTally.Sum();
        long now = System.nanoTime();
        shared.addTo(sum, now);
        for (ProcessingTally tally : tallies) {
            tally.addTo(sum, now);
        }
        return sum;
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

    /** Records handled. */
    public long consumed() {
        return sum().count();
    }

    public long sent() {
        return sum().sent;
    }

    public long errors() {
        return errors.sum();
    }

    /** The figures since start, read from every task's tally now. */
    public Figures sinceStart() {
        return Figures.of(sum());
    }

    /**
     * Processing-time figures over a window: how many, their sum and the histogram's cumulative
     * buckets (upper bound in nanoseconds, records at or under it). The figures of an interval are
     * {@link #minus} of two snapshots; percentiles interpolate within a bucket exactly as
     * Prometheus' {@code histogram_quantile} does, so they match what a dashboard computes.
     */
    public record Figures(long count, double totalNanos, double[] bounds, double[] cumulative) {

        static final Figures EMPTY = new Figures(0, 0, new double[0], new double[0]);

        static Figures of(ProcessingTally.Sum sum) {
            long[] bounds = ProcessingTally.BOUNDS;
            double[] upper = new double[bounds.length];
            double[] cumulative = new double[bounds.length];
            long below = 0;
            for (int i = 0; i < bounds.length; i++) {
                below += sum.counts[i];
                upper[i] = bounds[i];
                cumulative[i] = below;
            }
            return new Figures(sum.count(), sum.totalNanos, upper, cumulative);
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
