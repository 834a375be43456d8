package dev.mephisto.internal.runtime;

import dev.mephisto.App;
import dev.mephisto.DeadLetter;
import dev.mephisto.Sink;
import dev.mephisto.SinkRecord;
import dev.mephisto.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one sink in its own thread and consumer group ({@code <application id>-sink-<name>}):
 * decodes each record, writes it, retries a failed write with backoff, and commits offsets only
 * after the writes of a batch succeeded.
 */
public final class SinkRunner<K, V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkRunner.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    /** A sink as the app declares it. */
    public record Declared<K, V>(String name, Topic<K, V> topic, Sink<K, V> sink) {
    }

    private final App app;
    private final Declared<K, V> declared;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> deadLetters;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    public SinkRunner(App app, Declared<K, V> declared, String bootstrapServers, KafkaProducer<byte[], byte[]> deadLetters) {
        this.app = app;
        this.declared = declared;
        this.deadLetters = deadLetters;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, app.applicationId() + "-sink-" + declared.name());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "mephisto-sink-" + declared.name());
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public long written() {
        return written.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(declared.topic().name()));
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (!running.get()) {
                        return;
                    }
                    deliver(record);
                }
                consumer.commitSync();
            }
        } catch (WakeupException closing) {
            // close() woke the consumer up
        } catch (RuntimeException e) {
            log.error("sink {} stopped: {}", declared.name(), e.toString(), e);
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void deliver(ConsumerRecord<byte[], byte[]> raw) {
        Map<String, String> headers = HeaderText.of(raw.headers());
        SinkRecord<K, V> record;
        try {
            record = new SinkRecord<>(raw.topic(), raw.partition(), raw.offset(),
                    declared.topic().keySerde().deserializer().deserialize(raw.topic(), raw.key()),
                    declared.topic().valueSerde().deserializer().deserialize(raw.topic(), raw.value()),
                    Instant.ofEpochMilli(raw.timestamp()), headers);
        } catch (RuntimeException e) {
            deadLetter(raw, e);
            return;
        }
        MDC.put(AgentProcessor.MDC_REQUEST_ID, String.valueOf(record.requestId()));
        try {
            Duration backoff = FIRST_BACKOFF;
            for (int attempt = 1; running.get(); attempt++) {
                try {
                    declared.sink().write(record);
                    written.incrementAndGet();
                    return;
                } catch (Exception e) {
                    retries.incrementAndGet();
                    log.warn("sink {} failed to write {} (attempt {}), retrying in {} ms: {}", declared.name(),
                            record.id(), attempt, backoff.toMillis(), e.toString());
                    waitKeepingMembership(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } finally {
            MDC.remove(AgentProcessor.MDC_REQUEST_ID);
        }
    }

    /** Sleeps through a backoff while polling the paused consumer, so the group keeps this member. */
    private void waitKeepingMembership(Duration backoff) {
        var assignment = consumer.assignment();
        consumer.pause(assignment);
        long until = System.nanoTime() + backoff.toNanos();
        try {
            while (running.get() && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000))));
            }
        } finally {
            consumer.resume(assignment);
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> raw, RuntimeException error) {
        log.warn("dead letter kind={} sink={} topic={} partition={} offset={} reason=\"{}\"", DeadLetter.DECODE,
                declared.name(), raw.topic(), raw.partition(), raw.offset(), DeadLetterHandlers.oneLine(error.getMessage()));
        RecordHeaders headers = new RecordHeaders(raw.headers().toArray());
        DeadLetterHandlers.describe(headers, DeadLetter.DECODE, error, false, raw.topic(), raw.partition(),
                raw.offset(), "sink:" + declared.name());
        deadLetters.send(new ProducerRecord<>(app.deadLetterTopic(), null, raw.key(), raw.value(), headers));
        deadLetters.flush();
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("sink stopped sink={} written={} retries={}", declared.name(), written.get(), retries.get());
    }
}
