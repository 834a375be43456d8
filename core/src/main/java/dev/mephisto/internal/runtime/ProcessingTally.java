package dev.mephisto.internal.runtime;

import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.NavigableSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One agent task's processing times and sends, written by the one stream thread that runs the
 * task: plain fields, no atomics, no lock, so a record costs a few arithmetic operations. Other
 * threads (a scrape, the STATS line, {@code /agents}) read it with opaque loads at the moment they
 * need a figure, and {@link AgentMetrics} adds the tasks up then: nobody scraping costs nothing.
 *
 * <p>The buckets are the ones Micrometer's percentile histogram gave the agent's Timer (1 µs to
 * 60 s), so {@code mephisto_agent_processing_seconds_bucket} keeps its {@code le} values. The max
 * is kept per epoch of 2^35 ns (about 34 s) in a ring of four: the longest of the last 103 to 137
 * seconds, where Micrometer's Timer gave the longest of the last two minutes.
 *
 * <p>A record is timed ({@link #start}, {@link #end}) with two clock reads, about 50 ns, a few percent
 * of what a one-send agent costs. So a task times every record while they take at least
 * {@link #ALWAYS_TIMED_NANOS} (the reads are then under a quarter of a percent) and one record in
 * about {@link #TIMED_ONE_IN} while they are faster; each record in between counts in the bucket and
 * the sum as the last one timed. The count stays exact, the buckets and the sum follow the timed
 * records' spread, and the max is the longest timed record.
 */
final class ProcessingTally {

    /** The smallest bucket: an agent that copies a record takes a few microseconds. */
    static final Duration MIN_EXPECTED = Duration.ofNanos(1_000);
    static final Duration MAX_EXPECTED = Duration.ofSeconds(60);
    /** Upper bounds of the buckets in nanoseconds, ascending; a record at a bound counts in that bucket. */
    static final long[] BOUNDS;
    /** Per bit length of a duration, the first bucket whose bound is at least that power of two. */
    private static final int[] START;
    /** Records at least this long are all timed. */
    static final long ALWAYS_TIMED_NANOS = 20_000;
    /** Faster records are timed one in this many on average, at random gaps (no pattern in the records lines up). */
    static final int TIMED_ONE_IN = 16;
    static final int EPOCH_SHIFT = 35;
    static final int EPOCHS = 4;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle TOTAL;
    private static final VarHandle SENT;

    static {
        NavigableSet<Double> buckets = DistributionStatisticConfig.builder().percentilesHistogram(true)
                .minimumExpectedValue((double) MIN_EXPECTED.toNanos())
                .maximumExpectedValue((double) MAX_EXPECTED.toNanos()).build()
                .merge(DistributionStatisticConfig.DEFAULT).getHistogramBuckets(true);
        BOUNDS = buckets.stream().mapToLong(Double::longValue).toArray();
        START = new int[65];
        for (int bits = 0; bits <= 64; bits++) {
            long smallest = bits == 0 ? 0 : bits == 64 ? Long.MIN_VALUE : 1L << (bits - 1);
            int at = 0;
            while (at < BOUNDS.length && bits < 64 && BOUNDS[at] < smallest) {
                at++;
            }
            START[bits] = bits == 64 ? BOUNDS.length : at;
        }
        try {
            TOTAL = MethodHandles.lookup().findVarHandle(ProcessingTally.class, "totalNanos", long.class);
            SENT = MethodHandles.lookup().findVarHandle(ProcessingTally.class, "sent", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Per bucket, records in it (not cumulative); the last slot holds those over the largest bound. */
    private final long[] counts = new long[BOUNDS.length + 1];
    private final long[] maxEpoch = new long[EPOCHS];
    private final long[] maxNanos = new long[EPOCHS];
    @SuppressWarnings("unused") // through TOTAL
    private long totalNanos;
    @SuppressWarnings("unused") // through SENT
    private long sent;
    /** Records to go before the next one timed; the bucket and duration of the last one timed. */
    private int untilTimed;
    private int lastBucket;
    private long lastNanos;

    ProcessingTally() {
        Arrays.fill(maxEpoch, Long.MIN_VALUE);
    }

    /** The bucket a duration falls in: the first whose bound is at least {@code nanos}. */
    static int bucket(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        int at = START[64 - Long.numberOfLeadingZeros(nanos)];
        while (at < BOUNDS.length && BOUNDS[at] < nanos) {
            at++;
        }
        return at;
    }

    /**
     * A record begins: gives {@link System#nanoTime()} when this one is to be timed, else 0; hand it
     * to {@link #end} when the record ends. Stream thread only.
     */
    long start() {
        if (untilTimed > 0) {
            untilTimed--;
            return 0;
        }
        long now = System.nanoTime();
        return now == 0 ? 1 : now;
    }

    /** The record that {@link #start} gave {@code started} for ends. Stream thread only. */
    void end(long started) {
        if (started == 0) {
            LONGS.setOpaque(counts, lastBucket, counts[lastBucket] + 1);
            TOTAL.setOpaque(this, totalNanos + lastNanos);
            return;
        }
        long ended = System.nanoTime();
        long nanos = ended - started;
        record(nanos, ended);
        untilTimed = nanos >= ALWAYS_TIMED_NANOS ? 0 : ThreadLocalRandom.current().nextInt(TIMED_ONE_IN * 2 - 1);
    }

    /** One record handled in {@code nanos}, ending at {@code endNanos} ({@link System#nanoTime()}). Stream thread only. */
    void record(long nanos, long endNanos) {
        int at = bucket(nanos);
        LONGS.setOpaque(counts, at, counts[at] + 1);
        TOTAL.setOpaque(this, totalNanos + nanos);
        lastBucket = at;
        lastNanos = nanos;
        long epoch = endNanos >> EPOCH_SHIFT;
        int slot = (int) epoch & (EPOCHS - 1);
        if (maxEpoch[slot] != epoch) {
            LONGS.setOpaque(maxNanos, slot, nanos);
            LONGS.setOpaque(maxEpoch, slot, epoch);
        } else if (nanos > maxNanos[slot]) {
            LONGS.setOpaque(maxNanos, slot, nanos);
        }
    }

    /** One record sent. Stream thread only. */
    void sent() {
        SENT.setOpaque(this, sent + 1);
    }

    /** Adds what this tally holds into {@code sum}: per bucket counts, total time, sends and the max now. Any thread. */
    void addTo(Sum sum, long nowNanos) {
        for (int i = 0; i < counts.length; i++) {
            sum.counts[i] += (long) LONGS.getOpaque(counts, i);
        }
        sum.totalNanos += (long) TOTAL.getOpaque(this);
        sum.sent += (long) SENT.getOpaque(this);
        long now = nowNanos >> EPOCH_SHIFT;
        for (int slot = 0; slot < EPOCHS; slot++) {
            long epoch = (long) LONGS.getOpaque(maxEpoch, slot);
            if (epoch > now - EPOCHS && epoch <= now) {
                sum.maxNanos = Math.max(sum.maxNanos, (long) LONGS.getOpaque(maxNanos, slot));
            }
        }
    }

    /** Tallies added up at one moment: plain fields, owned by the thread that adds into it. */
    static final class Sum {
        final long[] counts = new long[BOUNDS.length + 1];
        long totalNanos;
        long sent;
        long maxNanos;

        long count() {
            long count = 0;
            for (long inBucket : counts) {
                count += inBucket;
            }
            return count;
        }
    }

    /**
     * Takes in a closed task's tally: its counts, time and sends, and its max where it is newer.
     * Not on a stream thread's path: {@link AgentMetrics} calls it under its lock.
     */
    void absorb(ProcessingTally closed) {
        for (int i = 0; i < counts.length; i++) {
            LONGS.setOpaque(counts, i, counts[i] + (long) LONGS.getOpaque(closed.counts, i));
        }
        TOTAL.setOpaque(this, totalNanos + (long) TOTAL.getOpaque(closed));
        SENT.setOpaque(this, sent + (long) SENT.getOpaque(closed));
        for (int slot = 0; slot < EPOCHS; slot++) {
            long epoch = (long) LONGS.getOpaque(closed.maxEpoch, slot);
            long max = (long) LONGS.getOpaque(closed.maxNanos, slot);
            if (epoch > maxEpoch[slot]) {
                LONGS.setOpaque(maxNanos, slot, max);
                LONGS.setOpaque(maxEpoch, slot, epoch);
            } else if (epoch == maxEpoch[slot] && max > maxNanos[slot]) {
                LONGS.setOpaque(maxNanos, slot, max);
            }
        }
    }
}
