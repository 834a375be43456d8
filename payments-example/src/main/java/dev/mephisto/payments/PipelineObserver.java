package dev.mephisto.payments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What {@code simulate} sees come out of the pipeline: a read-committed consumer on the processed,
 * reconciled, overdue and dead-letter topics, from their ends at start, counting only this run's
 * records (keys starting with the run id). Runs on its own thread until closed.
 *
 * <pre>{@code
 * try (PipelineObserver observer = PipelineObserver.start(bootstrap, payments, "sim-1a2b")) {
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

    private final PaymentsApp payments;
    private final String prefix;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Set<String> processedIds = new HashSet<>();
    private final Histogram latency = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    private long processedDuplicates;
    private long reconciled;
    private long overdue;
    private long deadLetters;
    private Instant lastProcessedAt;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private PipelineObserver(String bootstrap, PaymentsApp payments, String runId) {
        this.payments = payments;
        this.prefix = runId + "-";
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "payments-simulate-observer-" + runId);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                consumer.close();
                throw new IllegalStateException("topic '" + topic + "' does not exist on " + bootstrap + ": start the"
                        + " payments worker first ('worker'), or pass --start-worker");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start now, before anything is sent
        this.thread = new Thread(this::run, "payments-simulate-observer");
        this.thread.setDaemon(true);
    }

    /** Starts observing from the current ends of the output topics. */
    static PipelineObserver start(String bootstrap, PaymentsApp payments, String runId) {
        PipelineObserver observer = new PipelineObserver(bootstrap, payments, runId);
        observer.thread.start();
        return observer;
    }

    private List<String> topics() {
        return List.of(payments.processed().name(), payments.reconciled().name(), payments.overdue().name(),
                payments.app().deadLetterTopic());
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    observe(record);
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void observe(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        if (!key.startsWith(prefix)) {
            return;
        }
        String topic = record.topic();
        synchronized (this) {
            if (topic.equals(payments.processed().name())) {
                if (!processedIds.add(key)) {
                    processedDuplicates++;
                    return;
                }
                PaymentProcessed processed = payments.processed().valueCodec().decode(record.value());
                Instant now = Instant.now();
                lastProcessedAt = now;
                latency.recordValue(Math.min(latency.getHighestTrackableValue(),
                        Math.max(0, Duration.between(processed.receivedAt(), now).toMillis())));
            } else if (topic.equals(payments.reconciled().name())) {
                reconciled++;
            } else if (topic.equals(payments.overdue().name())) {
                overdue++;
            } else {
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

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
