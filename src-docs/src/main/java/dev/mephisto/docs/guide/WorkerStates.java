package dev.mephisto.docs.guide;

import dev.mephisto.Worker;
import dev.mephisto.WorkerState;
import java.time.Duration;

/** What operations.md says about a worker's state. */
public final class WorkerStates {

    private WorkerStates() {
    }

    /** Waits for the worker, then tells whether it is still up, as {@code GET /health/live} would. */
    public static boolean runningAndAlive(Worker worker) throws InterruptedException {
        // tag::states[]
        worker.awaitRunning(Duration.ofSeconds(30));   // until RUNNING; throws at once if FAILED
        if (worker.state() == WorkerState.FAILED) {
            throw new IllegalStateException("the worker failed", worker.failure());
        }
        return worker.state().alive();                 // what GET /health/live answers
        // end::states[]
    }
}
