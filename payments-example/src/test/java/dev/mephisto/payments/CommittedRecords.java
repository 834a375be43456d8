package dev.mephisto.payments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from the beginning with {@code isolation.level=read_committed}, as a downstream system would. */
final class CommittedRecords {

    private CommittedRecords() {
    }

    /** A record's key as UTF-8 text. */
    /** Whether a dead letter is of kind {@code late}: a valid record that came past a window's grace. */
    static boolean late(ConsumerRecord<byte[], byte[]> deadLetter) {
        var kind = deadLetter.headers().lastHeader(dev.mephisto.DeadLetter.HEADER_KIND);
        return kind != null && dev.mephisto.DeadLetter.Kind.fromHeader(new String(kind.value(),
                java.nio.charset.StandardCharsets.UTF_8)) == dev.mephisto.DeadLetter.Kind.LATE;
    }

    static java.util.function.Function<ConsumerRecord<byte[], byte[]>, String> key() {
        return record -> record.key() == null ? null
                : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Reads until {@code done} holds for what was read (then {@code linger} more, to catch late
     * duplicates) or {@code timeout} passes; returns every record read.
     */
    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration linger, Duration timeout) {
        return read(bootstrap, topic, done, linger, timeout, true);
    }

    /** Like the other, with {@code read_uncommitted} when {@code committed} is false (for diagnostics). */
    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration linger, Duration timeout,
            boolean committed) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "payments-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long stopAt = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, stopAt)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (stopAt == Long.MAX_VALUE && done.test(records)) {
                    stopAt = System.nanoTime() + linger.toNanos();
                }
            }
        }
        return records;
    }
}
