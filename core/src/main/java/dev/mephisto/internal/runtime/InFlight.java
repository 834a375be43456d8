package dev.mephisto.internal.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The record one agent task is handling right now, if any, and on which stream thread: what the
 * worker's health check reads to find a thread stuck on one record. The stream thread numbers its
 * records and publishes the number of the one in flight (0 between records): one increment and two
 * opaque stores per record, no clock read and no fence. The health check reads the number on each
 * of its ticks; a record whose number it keeps seeing has been in flight since the tick that first
 * saw it ({@link #busyNanos}), so a verdict that waits seconds anyway comes at most one tick late.
 */
public final class InFlight {

    private static final VarHandle CURRENT;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(InFlight.class, "current", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Records entered so far: the stream thread's own. */
    private long entered;
    @SuppressWarnings("unused") // read and written through CURRENT
    private long current;
    private volatile Thread thread;
    /** The record the health check last saw in flight, and when it first saw it: under this object's lock. */
    private long seenRecord;
    private long seenSince;

    /** From now on the task runs on {@code current}: called when it moves, not per record. */
    void runsOn(Thread current) {
        thread = current;
    }

    /** The stream thread begins a record. */
    void enter() {
        CURRENT.setOpaque(this, ++entered);
    }

    /** The stream thread is done with the record. */
    void leave() {
        CURRENT.setOpaque(this, 0L);
    }

    /**
     * How long the record in flight now has been seen in flight: since the first call that saw it,
     * at {@code nowNanos} ({@link System#nanoTime()}); 0 between records and on the first sighting.
     * For the health check: it calls this once per tick, so the figure is short by at most one tick.
     */
    public synchronized long busyNanos(long nowNanos) {
        long record = (long) CURRENT.getOpaque(this);
        if (record == 0) {
            seenRecord = 0;
            return 0;
        }
        if (record != seenRecord) {
            seenRecord = record;
            seenSince = nowNanos;
        }
        return nowNanos - seenSince;
    }

    /** The stream thread that last handled a record here, or {@code null} before the first. */
    public Thread thread() {
        return thread;
    }
}
