package dev.mephisto.payments;

import dev.mephisto.ReadOptions;
import dev.mephisto.Received;
import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * What {@code simulate} sees come out of the pipeline: read-committed readers of the processed,
 * reconciled, overdue and dead-letter topics, from their ends at start, counting only this run's
 * records (keys starting with the run id). Each reads on its own thread until closed.
 *
 * <pre>{@code
 * try (PipelineObserver observer = PipelineObserver.start(client, payments, "sim-1a2b")) {
 *     ... send ...
 *     observer.snapshot().processed();
 * }
 * }</pre>
 */
final class PipelineObserver implements AutoCloseable {

    /** Counts so far. */
    record Snapshot(long processed, long processedDuplicates, long reconciled, long overdue, long deadLetters,
            long latencyP50Ms, long latencyP99Ms, long latencyMaxMs, Instant lastProcessedAt) {
    }

    private final String prefix;
    private final List<Watch<?, ?>> watches = new ArrayList<>();
    private final Set<String> processedIds = new HashSet<>();
    private final Histogram latency = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    private long processedDuplicates;
    private long reconciled;
    private long overdue;
    private long deadLetters;
    private Instant lastProcessedAt;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** One topic's reader and the thread that polls it. */
    private final class Watch<K, V> {
        final TopicReader<K, V> reader;
        final Thread thread;

        Watch(TopicReader<K, V> reader, Consumer<Received<K, V>> observe) {
            this.reader = reader;
            this.thread = new Thread(() -> {
                try {
                    while (running) {
                        for (Received<K, V> record : reader.poll(Duration.ofMillis(100))) {
                            observe.accept(record);
                        }
                    }
                } catch (RuntimeException e) {
                    failure = e;
                } finally {
                    reader.close();
                }
            }, "payments-simulate-observer");
            this.thread.setDaemon(true);
        }
    }

    private PipelineObserver(String runId) {
        this.prefix = runId + "-";
    }

    /** Starts observing from the current ends of the output topics. */
    static PipelineObserver start(TopicClient client, PaymentsApp payments, String runId) {
        PipelineObserver observer = new PipelineObserver(runId);
        try {
            observer.watch(client, payments.processed(), observer::processed);
            observer.watch(client, payments.reconciled(), record -> observer.count(record, () -> observer.reconciled++));
            observer.watch(client, payments.overdue(), record -> observer.count(record, () -> observer.overdue++));
            observer.watch(client, client.deadLetterTopic(), record -> observer.countDeadLetter(record));
        } catch (RuntimeException e) {
            observer.closeReaders();
            throw e;
        }
        // every start is fixed now, before anything is sent
        observer.watches.forEach(watch -> watch.thread.start());
        return observer;
    }

    private <K, V> void watch(TopicClient client, Topic<K, V> topic, Consumer<Received<K, V>> observe) {
        TopicReader<K, V> reader = client.read(topic, ReadOptions.fromEnd());
        if (reader.partitions().isEmpty()) {
            reader.close();
            throw new IllegalStateException("topic '" + topic.name() + "' does not exist on " + client.bootstrapServers()
                    + ": start the payments worker first ('worker'), or pass --start-worker");
        }
        watches.add(new Watch<>(reader, observe));
    }

    private void processed(Received<String, PaymentProcessed> record) {
        String key = record.key() == null ? "" : record.key();
        if (!key.startsWith(prefix)) {
            return;
        }
        synchronized (this) {
            if (!processedIds.add(key)) {
                processedDuplicates++;
                return;
            }
            PaymentProcessed processed = record.value();
            Instant now = Instant.now();
            lastProcessedAt = now;
            latency.recordValue(Math.min(latency.getHighestTrackableValue(),
                    Math.max(0, Duration.between(processed.receivedAt(), now).toMillis())));
        }
    }

    private void count(Received<String, ?> record, Runnable increment) {
        String key = record.key() == null ? "" : record.key();
        if (key.startsWith(prefix)) {
            synchronized (this) {
                increment.run();
            }
        }
    }

    private void countDeadLetter(Received<byte[], byte[]> record) {
        String key = record.rawKey() == null ? "" : new String(record.rawKey(), java.nio.charset.StandardCharsets.UTF_8);
        if (key.startsWith(prefix)) {
            synchronized (this) {
                deadLetters++;
            }
        }
    }

    /** The counts so far; latency is receivedAt to this consumer seeing the processed record. */
    synchronized Snapshot snapshot() {
        if (failure != null) {
            throw new IllegalStateException("the simulation's consumer failed: " + failure, failure);
        }
        return new Snapshot(processedIds.size(), processedDuplicates, reconciled, overdue, deadLetters,
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), latency.getMaxValue(),
                lastProcessedAt);
    }

    private void closeReaders() {
        watches.forEach(watch -> watch.reader.close());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        watches.forEach(watch -> watch.reader.wakeup());
        for (Watch<?, ?> watch : watches) {
            watch.thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
