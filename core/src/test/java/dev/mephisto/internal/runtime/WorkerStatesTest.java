package dev.mephisto.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.WorkerState;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class WorkerStatesTest {

    @Test
    void shouldNameEachKafkaStreamsStateInMephistosWords() {
        assertEquals(WorkerState.STARTING, WorkerStates.of(State.CREATED, false, false));
        assertEquals(WorkerState.REBALANCING, WorkerStates.of(State.REBALANCING, false, false));
        assertEquals(WorkerState.RUNNING, WorkerStates.of(State.RUNNING, false, false));
        assertEquals(WorkerState.STOPPING, WorkerStates.of(State.PENDING_SHUTDOWN, false, false));
        assertEquals(WorkerState.STOPPED, WorkerStates.of(State.NOT_RUNNING, false, false));
        assertEquals(WorkerState.FAILED, WorkerStates.of(State.PENDING_ERROR, false, false));
        assertEquals(WorkerState.FAILED, WorkerStates.of(State.ERROR, false, false));
    }

    @Test
    void shouldSayPausedWhenAPausedWorkerRunsOrRebalances() {
        assertEquals(WorkerState.PAUSED, WorkerStates.of(State.RUNNING, true, false));
        assertEquals(WorkerState.PAUSED, WorkerStates.of(State.REBALANCING, true, false));
        assertEquals(WorkerState.STOPPING, WorkerStates.of(State.PENDING_SHUTDOWN, true, false),
                "closing wins over paused");
    }

    @Test
    void shouldSayFailedFromTheMomentAStreamThreadFailedWhateverKafkaStreamsSays() {
        for (State state : State.values()) {
            assertEquals(WorkerState.FAILED, WorkerStates.of(state, false, true), state.name());
        }
    }

    @Test
    void shouldCountOnlyStartingRebalancingRunningAndPausedAsAlive() {
        for (WorkerState state : WorkerState.values()) {
            boolean alive = state == WorkerState.STARTING || state == WorkerState.REBALANCING
                    || state == WorkerState.RUNNING || state == WorkerState.PAUSED;
            assertEquals(alive, state.alive(), state.name());
        }
        assertTrue(WorkerState.PAUSED.alive(), "a paused worker is alive: restarting it would not resume it");
        assertFalse(WorkerState.FAILED.alive());
    }
}
