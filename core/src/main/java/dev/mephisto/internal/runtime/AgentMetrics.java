package dev.mephisto.internal.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One agent's counters across all its tasks and threads: records consumed, records that failed,
 * and processing time, cheap enough for the per-record path.
 */
public final class AgentMetrics {

    private static final long MAX_TRACKED_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final String agent;
    private final LongAdder consumed = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final Recorder recorder = new Recorder(MAX_TRACKED_NANOS, 2);
    private final Histogram sinceStart = new Histogram(MAX_TRACKED_NANOS, 2);
    private Histogram interval;
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();

    public AgentMetrics(String agent) {
        this.agent = agent;
    }

    public String agent() {
        return agent;
    }

    void recordProcessed(long nanos) {
        consumed.increment();
        totalNanos.add(nanos);
        recorder.recordValue(Math.min(Math.max(nanos, 0), MAX_TRACKED_NANOS));
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

    public long consumed() {
        return consumed.sum();
    }

    public long errors() {
        return errors.sum();
    }

    /** Mean processing time since start, in milliseconds. */
    public double meanMillis() {
        long count = consumed.sum();
        return count == 0 ? 0 : totalNanos.sum() / (double) count / 1_000_000.0;
    }

    /**
     * Closes the current interval and returns its processing-time histogram (nanoseconds); the
     * since-start histogram takes it in too. Called by one reporter thread.
     */
    public synchronized Histogram takeInterval() {
        interval = recorder.getIntervalHistogram(interval);
        sinceStart.add(interval);
        return interval;
    }

    /** The 99th percentile of processing time since start, in milliseconds (as of the last interval). */
    public synchronized double p99MillisSinceStart() {
        return sinceStart.getTotalCount() == 0 ? 0 : sinceStart.getValueAtPercentile(99) / 1_000_000.0;
    }
}
