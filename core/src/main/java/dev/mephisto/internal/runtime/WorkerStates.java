package dev.mephisto.internal.runtime;

import dev.mephisto.WorkerState;
import org.apache.kafka.streams.KafkaStreams;

/** Mephisto's worker state from Kafka Streams' state, its pause flag, and whether a stream thread failed. */
public final class WorkerStates {

    private WorkerStates() {
    }

    /** The state of a worker running {@code streams}; {@code failed} once its failure is known. */
    public static WorkerState of(KafkaStreams streams, boolean failed) {
        return of(streams.state(), streams.isPaused(), failed);
    }

    /** The mapping {@link WorkerState}'s javadoc documents. */
    public static WorkerState of(KafkaStreams.State state, boolean paused, boolean failed) {
        if (failed) {
            return WorkerState.FAILED;
        }
        return switch (state) {
            case CREATED -> WorkerState.STARTING;
            case REBALANCING -> paused ? WorkerState.PAUSED : WorkerState.REBALANCING;
            case RUNNING -> paused ? WorkerState.PAUSED : WorkerState.RUNNING;
            case PENDING_SHUTDOWN -> WorkerState.STOPPING;
            case NOT_RUNNING -> WorkerState.STOPPED;
            case PENDING_ERROR, ERROR -> WorkerState.FAILED;
        };
    }
}
