package dev.mephisto.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** The plain producer and consumer: the broker's limit, and the input every job reads. */
final class Load {

    private final String bootstrap;
    private final long records;
    private final String[] keys;
    private final byte[] value;
    private final boolean requestIds;
    private final Function<Properties, Producer<String, byte[]>> producers;

    /** @param requestIds whether every input record carries its own request id header ({@code AgentContext.REQUEST_ID_HEADER}) (a UUID) */
    Load(String bootstrap, long records, int size, int distinctKeys, boolean requestIds) {
        this(bootstrap, records, size, distinctKeys, requestIds, KafkaProducer::new);
    }

    /** @param producers makes the load producer from its properties (a test's producer that fails) */
    Load(String bootstrap, long records, int size, int distinctKeys, boolean requestIds,
            Function<Properties, Producer<String, byte[]>> producers) {
        this.producers = producers;
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
        // not idempotent: on a loaded machine the embedded broker moved a fresh topic's leader under an
        // idempotent load producer, and the producer then retried OUT_OF_ORDER_SEQUENCE_NUMBER (retriable,
        // so no send ever failed) until the step's deadline. A retried batch may be written twice, which
        // only brings the output count to its goal a few records early.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /** Produces the records to partition 0 of {@code topic}; the elapsed nanoseconds including the final flush. */
    long produce(String topic) {
        return produce(topic, 1, new Steps.Step());
    }

    /**
     * Produces the records to {@code topic}: all to partition 0 when it has one partition, else spread
     * by key; the elapsed nanoseconds including the final flush. The first send that fails ends it:
     * a producer that failed fatally (an {@code OutOfOrderSequenceException}, a fenced epoch) would
     * fail every later send and its flush would wait on them, so it is closed at once, with no
     * grace, and the failure thrown: the repetition is reported as failed instead of waited on.
     * {@code step} closes the producer too if the step overruns its deadline.
     */
    long produce(String topic, int partitions, Steps.Step step) {
        Producer<String, byte[]> producer = producers.apply(producerProps(bootstrap, 5));
        step.closeOnOverrun(() -> producer.close(Duration.ZERO));
        AtomicReference<Exception> failed = new AtomicReference<>();
        Callback callback = (metadata, e) -> {
            if (e != null) {
                failed.compareAndSet(null, e);
            }
        };
        boolean clean = false;
        try {
            producer.partitionsFor(topic); // metadata outside the timed part
            long began = System.nanoTime();
            for (long i = 0; i < records; i++) {
                if (failed.get() != null) {
                    throw failure(topic, i, failed.get());
                }
                String key = keys[(int) (i % keys.length)];
                ProducerRecord<String, byte[]> record = partitions == 1
                        ? new ProducerRecord<>(topic, 0, key, value) : new ProducerRecord<>(topic, key, value);
                if (requestIds) {
                    record.headers().add(AgentContext.REQUEST_ID_HEADER,
                            UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                }
                producer.send(record, callback);
            }
            producer.flush();
            if (failed.get() != null) {
                throw failure(topic, records, failed.get());
            }
            clean = true;
            return System.nanoTime() - began;
        } finally {
            producer.close(clean ? Duration.ofSeconds(30) : Duration.ZERO);
        }
    }

    private static IllegalStateException failure(String topic, long sent, Exception cause) {
        return new IllegalStateException("the load producer failed on topic " + topic + " after " + sent
                + " sends: " + cause + "; closed it, the repetition is abandoned", cause);
    }

    /** Reads the records back from the start of {@code topic}; the elapsed nanoseconds. */
    long consume(String topic) {
        return consume(topic, 1);
    }

    /** Reads the records back from the start of {@code topic}'s {@code partitions}; the elapsed nanoseconds. */
    long consume(String topic, int partitions) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> all = new java.util.ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            all.forEach(consumer::position);
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
