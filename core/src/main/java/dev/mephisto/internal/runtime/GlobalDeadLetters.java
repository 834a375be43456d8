package dev.mephisto.internal.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Dead letters from Kafka Streams' global thread, which has no record collector to send them with:
 * a producer of their own, opened on the first one and closed after a minute without any.
 */
final class GlobalDeadLetters {

    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Map<String, ?> configs;
    private final DeadLetterTopic topic;
    private Producer<byte[], byte[]> producer;
    private ScheduledExecutorService closer;
    private long lastUsed;

    GlobalDeadLetters(Map<String, ?> configs, DeadLetterTopic topic) {
        this.configs = configs;
        this.topic = topic;
    }

    /** Sends one dead letter; a failure is logged with its coordinates and counted, never thrown. */
    synchronized void send(ProducerRecord<byte[], byte[]> letter) {
        try {
            producer().send(letter, (metadata, error) -> {
                if (error != null) {
                    topic.notWritten(letter.headers(), letter.topic(), error);
                }
            });
            lastUsed = System.nanoTime();
        } catch (RuntimeException e) {
            topic.notWritten(letter.headers(), letter.topic(), e);
        }
    }

    private Producer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfigs(), new ByteArraySerializer(), new ByteArraySerializer());
            closer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "mephisto-global-dead-letters-closer");
                thread.setDaemon(true);
                return thread;
            });
            closer.scheduleWithFixedDelay(this::closeIfIdle, 10, 10, TimeUnit.SECONDS);
        }
        return producer;
    }

    private synchronized void closeIfIdle() {
        if (producer != null && System.nanoTime() - lastUsed > IDLE_NANOS) {
            producer.close(Duration.ofSeconds(30));
            producer = null;
            closer.shutdown();
            closer = null;
        }
    }

    private Map<String, Object> producerConfigs() {
        Map<String, Object> props = new HashMap<>();
        configs.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        String prefix = StreamsConfig.producerPrefix("");
        configs.forEach((key, value) -> {
            if (key.startsWith(prefix) && ProducerConfig.configNames().contains(key.substring(prefix.length()))) {
                props.put(key.substring(prefix.length()), value);
            }
        });
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        props.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        props.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG,
                configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-global-dead-letters");
        return props;
    }
}
