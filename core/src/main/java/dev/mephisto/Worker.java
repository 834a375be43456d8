package dev.mephisto;

import dev.mephisto.internal.worker.WorkerEngine;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One running instance of an app (what {@code java -jar app.jar worker} starts): it creates the
 * declared topics that are missing, runs the topology on Kafka Streams, and serves health and
 * table lookups over HTTP. Workers of one app share its partitions; start more to scale out.
 * With no broker configured, it first starts an embedded single-node Kafka broker.
 *
 * <pre>{@code
 * try (Worker worker = Worker.start(app, WorkerOptions.defaults().withBroker("localhost:9092"))) {
 *     worker.awaitRunning(Duration.ofSeconds(30));
 *     Long count = worker.get(wordCounts, "hello");
 * }
 * }</pre>
 */
public final class Worker implements AutoCloseable {

    private final App app;
    private final WorkerEngine engine;

    private Worker(App app, WorkerEngine engine) {
        this.app = app;
        this.engine = engine;
    }

    /** Starts a worker with default options: the app's broker, or an embedded one. */
    public static Worker start(App app) {
        return start(app, WorkerOptions.defaults());
    }

    /**
     * Starts a worker and returns once Kafka Streams is started (not yet necessarily
     * {@link WorkerState#RUNNING}; see {@link #awaitRunning(Duration)}).
     *
     * @throws InvalidAppException when the app's declarations do not fit together
     * @throws IllegalStateException when the cluster does not fit the app (a topic's partitions or
     *     settings conflict with its declaration), naming every problem
     */
    public static Worker start(App app, WorkerOptions options) {
        Objects.requireNonNull(app, "app can't be null");
        Objects.requireNonNull(options, "options can't be null");
        long began = System.nanoTime();
        app.topology(); // compiles, or says what is wrong, before anything starts
        WorkerEngine.AppParts parts = new WorkerEngine.AppParts(app.agentMetrics(), app.deadLetters(), app.sinks(),
                app.feeds());
        return new Worker(app, WorkerEngine.start(app, parts, options, began));
    }

    /**
     * Waits until the worker is {@link WorkerState#RUNNING} (its tasks assigned and restored).
     *
     * @throws IllegalStateException when it failed, or is not running within {@code timeout}
     */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout can't be null");
        engine.awaitRunning(timeout);
    }

    /** Blocks until the worker stops on its own (a failure) or is closed; true when it failed. */
    public boolean awaitStop() throws InterruptedException {
        return engine.awaitStop();
    }

    /** The reason the worker stopped on its own, if it did; {@code null} otherwise. */
    public Throwable failure() {
        return engine.failure();
    }

    /**
     * Where the worker is in its life: {@link WorkerState#STARTING}, {@code REBALANCING},
     * {@code RUNNING}, {@code PAUSED}, {@code STOPPING}, {@code STOPPED} or {@code FAILED}
     * ({@link WorkerState} says how each maps from Kafka Streams' states).
     *
     * <pre>{@code
     * if (worker.state() == WorkerState.FAILED) {
     *     log.error("worker failed", worker.failure());
     * }
     * }</pre>
     */
    public WorkerState state() {
        return engine.state();
    }

    /** The bootstrap servers this worker uses (the embedded broker's when it started one). */
    public String bootstrapServers() {
        return engine.bootstrapServers();
    }

    /** The HTTP operations port, or -1 when HTTP is off. */
    public int webPort() {
        return engine.webPort();
    }

    /** The app this worker runs. */
    public App app() {
        return app;
    }

    /** A table's value for {@code key}, from this worker's own partitions only; {@code null} if absent here. */
    public <K, V> V get(KeyValueTable<K, V> table, K key) {
        Objects.requireNonNull(table, "table can't be null");
        return engine.get(table, key);
    }

    /** The escape hatch: the Kafka Streams instance this worker runs. */
    public KafkaStreams kafkaStreams() {
        return engine.kafkaStreams();
    }

    /**
     * Stops cleanly: HTTP, then the sinks and feeds, then Kafka Streams (committing its state and
     * leaving the group, so the other workers take over its partitions at once), then the embedded
     * broker. Closing twice does nothing.
     */
    @Override
    public void close() {
        engine.close();
    }
}
