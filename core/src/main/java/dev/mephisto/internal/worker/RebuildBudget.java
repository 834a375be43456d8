package dev.mephisto.internal.worker;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How often a worker rebuilds lost global state by itself before it stops instead: a topic
 * recreated once is an operator's act and worth a rebuild; a store that keeps losing its place
 * (a topic recreated in a loop, records expiring faster than they are read) is not fixed by
 * rebuilding again, and the worker stops with one line saying so.
 */
final class RebuildBudget {

    private final int max;
    private final long windowNanos;
    private final Deque<Long> recent = new ArrayDeque<>();

    RebuildBudget(int max, Duration window) {
        this.max = max;
        this.windowNanos = window.toNanos();
    }

    /** True, and the rebuild counted, when fewer than {@code max} rebuilds began within the window before {@code nowNanos}. */
    synchronized boolean tryRebuild(long nowNanos) {
        while (!recent.isEmpty() && nowNanos - recent.peekFirst() > windowNanos) {
            recent.removeFirst();
        }
        if (recent.size() >= max) {
            return false;
        }
        recent.addLast(nowNanos);
        return true;
    }

    /** The rebuilds counted within the window as of the last {@link #tryRebuild}. */
    synchronized int count() {
        return recent.size();
    }
}
