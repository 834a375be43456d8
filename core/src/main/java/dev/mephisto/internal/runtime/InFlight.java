package dev.mephisto.internal.runtime;

/**
 * The record one agent task is handling right now, if any, and on which stream thread: what the
 * worker's health check reads to find a thread stuck on one record. Two field writes per record.
 */
public final class InFlight {

    private volatile long sinceNanos;
    private volatile Thread thread;

    void enter(long nanos) {
        Thread current = Thread.currentThread();
        if (thread != current) {
            thread = current;
        }
        sinceNanos = nanos == 0 ? 1 : nanos;
    }

    void leave() {
        sinceNanos = 0;
    }

    /** {@code System.nanoTime()} when the current record began, or 0 when the task is between records. */
    public long sinceNanos() {
        return sinceNanos;
    }

    /** The stream thread that last handled a record here, or {@code null} before the first. */
    public Thread thread() {
        return thread;
    }
}
