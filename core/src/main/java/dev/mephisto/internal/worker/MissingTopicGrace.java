package dev.mephisto.internal.worker;

import java.time.Duration;
import org.apache.kafka.streams.errors.MissingSourceTopicException;

/**
 * How long a worker keeps replacing stream threads that find a source topic missing. A broker that
 * restarts answers metadata without its topics for a moment, and Kafka Streams then fails every
 * stream thread; a topic that was deleted stays gone. So the first failure of a streak starts a
 * grace period in which threads are replaced, and the worker stops only if the topic is still
 * missing after it; reaching RUNNING again ends the streak.
 */
final class MissingTopicGrace {

    private final long graceNanos;
    private long streakStarted = -1;
    private int replaced;

    MissingTopicGrace(Duration grace) {
        this.graceNanos = grace.toNanos();
    }

    /** True when {@code failure} is a missing source topic. */
    static boolean isMissingTopic(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MissingSourceTopicException) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }

    /** True to replace the failed thread now; false once the streak has outlasted the grace period. */
    synchronized boolean replace(long nowNanos) {
        if (streakStarted < 0) {
            streakStarted = nowNanos;
        }
        if (nowNanos - streakStarted > graceNanos) {
            return false;
        }
        replaced++;
        return true;
    }

    /** Threads replaced in the current streak. */
    synchronized int replaced() {
        return replaced;
    }

    /** The worker is running again: a later missing topic starts a new grace period. */
    synchronized void recovered() {
        streakStarted = -1;
        replaced = 0;
    }
}
