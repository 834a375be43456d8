package dev.mephisto.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.mephisto.AgentContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;

/** The plain producer and consumer: the broker's limit, and the input every job reads. */
final class Load {

    private final String bootstrap;
    private final long records;
    private final String[] keys;
    private final byte[] value;
    private final boolean requestIds;

    /** @param requestIds whether every input record carries its own request id header ({@code AgentContext.REQUEST_ID_HEADER}) (a UUID) */
    Load(String bootstrap, long records, int size, int distinctKeys, boolean requestIds) {
        this.bootstrap = bootstrap;
        this.requestIds = requestIds;
        this.records = records;
        this.keys = new String[distinctKeys];
        for (int i = 0; i < distinctKeys; i++) {
            keys[i] = "key-" + i;
        }
        this.value = new byte[size];
        new Random(42).nextBytes(value);
    }

    String[] keys() {
        return keys;
    }

    static Properties producerProps(String bootstrap, int lingerMs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /** Produces the records to partition 0 of {@code topic}; the elapsed nanoseconds including the final flush. */
    long produce(String topic) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(bootstrap, 5))) {
            producer.partitionsFor(topic); // metadata outside the timed part
            long began = System.nanoTime();
            for (long i = 0; i < records; i++) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, 0, keys[(int) (i % keys.length)],
                        value);
                if (requestIds) {
                    record.headers().add(AgentContext.REQUEST_ID_HEADER,
                            UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                }
                producer.send(record);
            }
            producer.flush();
            return System.nanoTime() - began;
        }
    }

    /** Reads the records back from the start of {@code topic}; the elapsed nanoseconds. */
    long consume(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.position(partition);
            long began = System.nanoTime();
            long seen = 0;
            long deadline = began + Duration.ofMinutes(5).toNanos();
            while (seen < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                seen += batch.count();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("consumed only " + seen + " of " + records + " from " + topic);
                }
            }
            return System.nanoTime() - began;
        }
    }
}
