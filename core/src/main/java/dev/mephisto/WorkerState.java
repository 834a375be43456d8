package dev.mephisto;

/**
 * Where a {@link Worker} is in its life, in Mephisto's words: what {@link Worker#state()} returns
 * and what the worker's HTTP health answers carry as {@code "state"}. The worker runs on Kafka
 * Streams; each state below says which Kafka Streams states it stands for, so an operator who
 * knows Kafka Streams can read either ({@link Worker#kafkaStreams()} still gives Kafka's own).
 *
 * <pre>{@code
 * try (Worker worker = Worker.start(app, options)) {
 *     worker.awaitRunning(Duration.ofSeconds(30));
 *     assert worker.state() == WorkerState.RUNNING;
 * }
 * }</pre>
 *
 * <p>The normal path is {@code STARTING → REBALANCING → RUNNING}, back to {@code REBALANCING}
 * whenever workers join or leave, and {@code STOPPING → STOPPED} on {@link Worker#close()}. A
 * worker that {@code FAILED} stays failed: restart it.
 */
public enum WorkerState {

    /** Created, not yet started by Kafka Streams (Kafka Streams' {@code CREATED}): alive, not ready. */
    STARTING,

    /**
     * Partitions are being assigned, or tables restored from their changelogs, after a start or
     * because workers joined or left the group (Kafka Streams' {@code REBALANCING}): alive, not
     * ready; it becomes {@code RUNNING} on its own.
     */
    REBALANCING,

    /** Processing its partitions (Kafka Streams' {@code RUNNING}, not paused): alive and ready. */
    RUNNING,

    /**
     * Paused by {@code POST /pause} (Kafka Streams' {@code RUNNING} or {@code REBALANCING} with
     * {@code isPaused()}): alive, holds its partitions, processes nothing until {@code POST /resume}.
     */
    PAUSED,

    /** Closing cleanly, committing and leaving the group (Kafka Streams' {@code PENDING_SHUTDOWN}). */
    STOPPING,

    /** Closed (Kafka Streams' {@code NOT_RUNNING} after {@link Worker#close()}). */
    STOPPED,

    /**
     * Stopped on its own because a stream thread failed (Kafka Streams' {@code PENDING_ERROR} or
     * {@code ERROR}, or any state once the failure is known): {@link Worker#failure()} says why.
     * Not alive: restart the worker.
     */
    FAILED;

    /** Whether a liveness probe should keep the worker: every state but stopping, stopped and failed. */
    public boolean alive() {
        return this == STARTING || this == REBALANCING || this == RUNNING || this == PAUSED;
    }
}
