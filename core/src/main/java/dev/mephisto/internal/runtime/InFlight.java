package dev.mephisto.internal.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The record one agent task is handling right now, if any, and on which stream thread: what the
 * worker's health check reads to find a thread stuck on one record. Two plain stores per record:
 * the health thread reads them opaquely (no fence on the stream thread's hot path); a reading a
 * moment stale only delays a verdict that waits seconds anyway.
 */
public final class InFlight {

    private static final VarHandle SINCE;

    static {
        try {
            SINCE = MethodHandles.lookup().findVarHandle(InFlight.class, "sinceNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // read and written through SINCE
    private long sinceNanos;
    private volatile Thread thread;

    /** From now on the task runs on {@code current}: called when it moves, not per record. */
    void runsOn(Thread current) {
        thread = current;
    }

    void enter(long nanos) {
        SINCE.setOpaque(this, nanos == 0 ? 1L : nanos);
    }

    void leave() {
        SINCE.setOpaque(this, 0L);
    }

    /** {@code System.nanoTime()} when the current record began, or 0 when the task is between records. */
    public long sinceNanos() {
        return (long) SINCE.getOpaque(this);
    }

    /** The stream thread that last handled a record here, or {@code null} before the first. */
    public Thread thread() {
        return thread;
    }
}
