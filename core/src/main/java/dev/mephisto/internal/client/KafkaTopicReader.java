package dev.mephisto.internal.client;

import dev.mephisto.CodecException;
import dev.mephisto.ReadOptions;
import dev.mephisto.Received;
import dev.mephisto.Topic;
import dev.mephisto.TopicReader;
import dev.mephisto.internal.codec.CodecSerde;
import dev.mephisto.internal.runtime.HeaderText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** {@link TopicReader} on one Kafka consumer: assigned partitions, or a group's subscription. */
final class KafkaTopicReader<K, V> implements TopicReader<K, V> {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Topic<K, V> topic;
    private final CodecSerde<K> keys;
    private final CodecSerde<V> values;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final boolean inGroup;
    private final Duration timeout;
    /** Where each assigned partition ended when the reader opened; null in a group. */
    private Map<TopicPartition, Long> ends;

    private KafkaTopicReader(Topic<K, V> topic, KafkaConsumer<byte[], byte[]> consumer, boolean inGroup,
            Duration timeout) {
        this.topic = topic;
        this.keys = new CodecSerde<>(topic.keyCodec(), "key");
        this.values = new CodecSerde<>(topic.valueCodec(), "value");
        this.consumer = consumer;
        this.inGroup = inGroup;
        this.timeout = timeout;
    }

    static <K, V> KafkaTopicReader<K, V> open(Topic<K, V> topic, ReadOptions options, Map<String, Object> props,
            Duration timeout, String bootstrapServers) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        KafkaTopicReader<K, V> reader = new KafkaTopicReader<>(topic, consumer, options.group().isPresent(), timeout);
        try {
            if (reader.inGroup) {
                consumer.subscribe(List.of(topic.name()));
            } else {
                reader.assign(options, bootstrapServers);
            }
            return reader;
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
    }

    /** Assigns the chosen partitions and fixes where each starts, now: a reader from the end misses nothing sent after. */
    private void assign(ReadOptions options, String bootstrapServers) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), timeout);
        List<TopicPartition> partitions = new ArrayList<>();
        if (infos != null) {
            for (PartitionInfo info : infos) {
                if (options.partitions().isEmpty() || options.partitions().contains(info.partition())) {
                    partitions.add(new TopicPartition(topic.name(), info.partition()));
                }
            }
        }
        if (infos != null && !infos.isEmpty() && partitions.size() < options.partitions().size()) {
            throw new IllegalArgumentException("topic '" + topic.name() + "' at " + bootstrapServers + " has partitions 0 to "
                    + (infos.size() - 1) + "; there is no partition " + missing(options.partitions(), partitions));
        }
        consumer.assign(partitions);
        ends = partitions.isEmpty() ? Map.of() : consumer.endOffsets(partitions, timeout);
        if (partitions.isEmpty()) {
            return;
        }
        switch (options.start()) {
            case BEGINNING -> consumer.seekToBeginning(partitions);
            case END -> consumer.seekToEnd(partitions);
            case LAST -> {
                Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, timeout);
                for (TopicPartition partition : partitions) {
                    consumer.seek(partition, Math.max(beginnings.get(partition), ends.get(partition) - options.last()));
                }
            }
            default -> throw new IllegalStateException("a reader outside a group cannot start at " + options.start());
        }
        partitions.forEach(partition -> consumer.position(partition, timeout));
    }

    private static Set<Integer> missing(Set<Integer> wanted, List<TopicPartition> found) {
        Set<Integer> missing = new TreeSet<>(wanted);
        found.forEach(partition -> missing.remove(partition.partition()));
        return missing;
    }

    @Override
    public List<Received<K, V>> poll(Duration timeout) {
        java.util.Objects.requireNonNull(timeout, "timeout can't be null");
        List<Received<K, V>> received = new ArrayList<>();
        try {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
                received.add(decode(record));
            }
        } catch (WakeupException woken) {
            // wakeup(): return at once with nothing
        }
        return received;
    }

    private Received<K, V> decode(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = HeaderText.of(record.headers());
        Instant timestamp = Instant.ofEpochMilli(record.timestamp());
        K key;
        try {
            key = keys.deserialize(record.topic(), record.key());
        } catch (CodecException e) {
            return Received.undecodable(record.topic(), record.partition(), record.offset(), timestamp, headers,
                    record.key(), record.value(), false, null, e);
        }
        try {
            V value = values.deserialize(record.topic(), record.value());
            return Received.decoded(record.topic(), record.partition(), record.offset(), timestamp, headers,
                    record.key(), record.value(), key, value);
        } catch (CodecException e) {
            return Received.undecodable(record.topic(), record.partition(), record.offset(), timestamp, headers,
                    record.key(), record.value(), true, key, e);
        }
    }

    @Override
    public Set<Integer> partitions() {
        Set<Integer> numbers = new TreeSet<>();
        consumer.assignment().forEach(partition -> numbers.add(partition.partition()));
        return numbers;
    }

    @Override
    public boolean caughtUp() {
        Map<TopicPartition, Long> target = ends;
        if (inGroup) {
            Set<TopicPartition> assigned = consumer.assignment();
            if (assigned.isEmpty()) {
                return false;
            }
            target = consumer.endOffsets(assigned, timeout);
        }
        for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
            if (consumer.position(end.getKey(), timeout) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void commit() {
        if (!inGroup) {
            throw new IllegalStateException("a reader of topic '" + topic.name() + "' outside a consumer group has"
                    + " nothing to commit to: open it with ReadOptions.inGroup(\"name\")");
        }
        consumer.commitSync(timeout);
    }

    @Override
    public void pause() {
        consumer.pause(consumer.assignment());
    }

    @Override
    public void resume() {
        consumer.resume(consumer.paused());
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        try {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (WakeupException woken) {
            // woken up while closing: the consumer is closed all the same
        }
    }
}
