package dev.mephisto.payments;

import dev.mephisto.Worker;
import dev.mephisto.WorkerState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches an in-process worker's state every 50 ms and keeps each change with the time it was seen,
 * so a test can tell that the worker never left RUNNING and REBALANCING, and say when it did.
 */
final class WorkerStates implements AutoCloseable {

    private final Worker worker;
    private final long began = System.nanoTime();
    private final List<String> changes = new ArrayList<>();
    private final Thread watcher;
    private volatile boolean watching = true;
    private boolean left;

    WorkerStates(Worker worker) {
        this.worker = worker;
        this.watcher = new Thread(this::watch, "payments-it-worker-states");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Each state seen, in order, as {@code STATE@ms} since watching began. */
    synchronized List<String> changes() {
        return List.copyOf(changes);
    }

    /** Whether the worker was ever seen in a state other than RUNNING or REBALANCING. */
    synchronized boolean leftRunning() {
        return left;
    }

    /** The HTTP status of the worker's {@code /health/ready}: 200 when it says it is ready. */
    static int readiness(Worker worker) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + worker.webPort() + "/health/ready"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() throws InterruptedException {
        watching = false;
        watcher.join(5_000);
    }

    private void watch() {
        WorkerState last = null;
        while (watching) {
            WorkerState state = worker.state();
            if (state != last) {
                synchronized (this) {
                    changes.add(state + "@" + (System.nanoTime() - began) / 1_000_000);
                    left |= state != WorkerState.RUNNING && state != WorkerState.REBALANCING;
                }
                last = state;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
