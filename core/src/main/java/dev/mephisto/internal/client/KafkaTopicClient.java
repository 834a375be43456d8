package dev.mephisto.internal.client;

import dev.mephisto.AgentContext;
import dev.mephisto.App;
import dev.mephisto.ClientOptions;
import dev.mephisto.Codec;
import dev.mephisto.InvalidValueException;
import dev.mephisto.Outgoing;
import dev.mephisto.ReadOptions;
import dev.mephisto.Sent;
import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;
import dev.mephisto.WorkerOptions;
import dev.mephisto.internal.codec.CodecSerde;
import dev.mephisto.internal.runtime.LocalBrokerAddress;
import dev.mephisto.internal.runtime.RequestIds;
import dev.mephisto.internal.runtime.Tracing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * {@link TopicClient} on Kafka's own clients: one idempotent byte producer and one metadata consumer,
 * both made on first use, and a consumer per reader.
 */
public final class KafkaTopicClient implements TopicClient {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Kafka's producer default, for the delivery timeout's arithmetic when linger.ms is not set. */
    private static final long DEFAULT_LINGER_MS = 5;

    private final String appName;
    private final Map<String, Topic<?, ?>> declared;
    private final Topic<byte[], byte[]> deadLetterTopic;
    private final String bootstrapServers;
    private final String clientId;
    private final Duration timeout;
    private final Map<String, Object> kafka;
    private final AtomicInteger readers = new AtomicInteger();
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> metadata;
    private boolean closed;

    private KafkaTopicClient(App app, ClientOptions options) {
        this.appName = app.name();
        this.declared = new HashMap<>();
        app.topics().forEach(topic -> declared.put(topic.name(), topic));
        this.deadLetterTopic = Topic.of(app.deadLetterTopic(), Codec.bytes(), Codec.bytes());
        this.bootstrapServers = options.broker().or(() -> app.config().broker())
                .or(() -> LocalBrokerAddress.read(WorkerOptions.DEFAULT_DATA_DIR))
                .orElse("127.0.0.1:" + WorkerOptions.DEFAULT_BROKER_PORT);
        this.clientId = options.clientId().orElse(app.applicationId() + "-client");
        this.timeout = options.timeout();
        this.kafka = options.kafka();
    }

    /** See {@link TopicClient#connect(App, ClientOptions)}. */
    public static TopicClient connect(App app, ClientOptions options) {
        Objects.requireNonNull(app, "app can't be null");
        Objects.requireNonNull(options, "options can't be null");
        return new KafkaTopicClient(app, options);
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public <K, V> CompletableFuture<Sent> send(Outgoing<K, V> record) {
        Objects.requireNonNull(record, "record can't be null");
        Topic<K, V> topic = record.topic();
        requireDeclared(topic, "send to");
        V value = record.value();
        if (value != null) {
            String problem = topic.problemWith(value);
            if (problem != null) {
                throw new InvalidValueException(topic.name(), problem);
            }
        }
        K key = record.key().orElse(null);
        byte[] keyBytes = new CodecSerde<>(topic.keyCodec(), "key").serialize(topic.name(), key);
        byte[] valueBytes = new CodecSerde<>(topic.valueCodec(), "value").serialize(topic.name(), value);
        String requestId = record.requestId().orElseGet(() -> {
            String given = record.headers().get(AgentContext.REQUEST_ID_HEADER);
            return given == null || given.isBlank() ? RequestIds.newId() : given;
        });
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach((name, text) -> {
            if (!name.equals(AgentContext.REQUEST_ID_HEADER)) {
                headers.add(name, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
            }
        });
        headers.add(AgentContext.REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8));
        Tracing.injectCurrent(headers); // a send inside a traced HTTP request or route continues its trace
        Long timestamp = record.timestamp().map(Instant::toEpochMilli).orElse(null);
        CompletableFuture<Sent> sent = new CompletableFuture<>();
        try {
            producer().send(new ProducerRecord<>(topic.name(), null, timestamp, keyBytes, valueBytes, headers),
                    (metadata, error) -> {
                        if (error != null) {
                            sent.completeExceptionally(error);
                        } else {
                            sent.complete(new Sent(metadata.topic(), metadata.partition(), metadata.offset(),
                                    requestId, Instant.ofEpochMilli(metadata.timestamp())));
                        }
                    });
        } catch (KafkaException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }

    @Override
    public void flush() {
        KafkaProducer<byte[], byte[]> made;
        synchronized (this) {
            made = producer;
        }
        if (made != null) {
            made.flush();
        }
    }

    @Override
    public <K, V> TopicReader<K, V> read(Topic<K, V> topic, ReadOptions options) {
        Objects.requireNonNull(options, "options can't be null");
        requireDeclared(topic, "read");
        synchronized (this) {
            requireOpen();
        }
        return KafkaTopicReader.open(topic, options, readerProps(options), timeout, bootstrapServers);
    }

    @Override
    public int partitions(Topic<?, ?> topic) {
        requireDeclared(topic, "look up");
        List<PartitionInfo> infos;
        synchronized (this) {
            requireOpen();
            if (metadata == null) {
                Map<String, Object> props = consumerProps(clientId + "-metadata");
                putKafka(props, ConsumerConfig.configNames());
                metadata = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            }
            infos = metadata.partitionsFor(topic.name(), timeout);
        }
        return infos == null ? 0 : infos.size();
    }

    @Override
    public <K> int partitionOf(Topic<K, ?> topic, K key) {
        Objects.requireNonNull(topic, "topic can't be null");
        if (key == null) {
            throw new IllegalArgumentException("a record without a key has no fixed partition in topic '"
                    + topic.name() + "': give a key");
        }
        int partitions = partitions(topic);
        if (partitions == 0) {
            throw new IllegalStateException("topic '" + topic.name() + "' does not exist at " + bootstrapServers
                    + " yet: a worker of app '" + appName + "' creates it when it starts");
        }
        byte[] bytes = new CodecSerde<>(topic.keyCodec(), "key").serialize(topic.name(), key);
        return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
    }

    @Override
    public Topic<byte[], byte[]> deadLetterTopic() {
        return deadLetterTopic;
    }

    @Override
    public void close() {
        KafkaProducer<byte[], byte[]> closingProducer;
        KafkaConsumer<byte[], byte[]> closingMetadata;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closingProducer = producer;
            closingMetadata = metadata;
        }
        if (closingProducer != null) {
            closingProducer.close(CLOSE_TIMEOUT);
        }
        if (closingMetadata != null) {
            closingMetadata.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        requireOpen();
        if (producer == null) {
            producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** The producer's settings: idempotent, {@code acks=all}, bounded by the timeout, then the raw ones. */
    Map<String, Object> producerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        putKafka(props, ProducerConfig.configNames());
        // Kafka refuses a delivery timeout below linger plus request timeout
        long linger = props.containsKey(ProducerConfig.LINGER_MS_CONFIG)
                ? Long.parseLong(props.get(ProducerConfig.LINGER_MS_CONFIG).toString().trim()) : DEFAULT_LINGER_MS;
        long request = Long.parseLong(props.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG).toString().trim());
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, Math.max(timeout.toMillis(), request) + linger + 5_000));
        return props;
    }

    /** A reader's consumer settings, for a unit test. */
    Map<String, Object> readerProps(ReadOptions options) {
        Map<String, Object> props = consumerProps(clientId + "-reader-" + readers.incrementAndGet());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, options.readCommitted() ? "read_committed" : "read_uncommitted");
        options.group().ifPresent(group -> {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        });
        putKafka(props, ConsumerConfig.configNames());
        return props;
    }

    private Map<String, Object> consumerProps(String id) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, id);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a client never creates an app's topics with the broker's defaults: the worker creates them
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return props;
    }

    /** The raw settings this kind of Kafka client knows, last so that they win. */
    private void putKafka(Map<String, Object> props, Set<String> known) {
        kafka.forEach((key, value) -> {
            if (known.contains(key)) {
                props.put(key, value);
            }
        });
    }

    private void requireDeclared(Topic<?, ?> topic, String what) {
        Objects.requireNonNull(topic, "topic can't be null");
        if (declared.containsKey(topic.name()) || deadLetterTopic.name().equals(topic.name())) {
            return;
        }
        throw new IllegalArgumentException("app '" + appName + "' declares no topic '" + topic.name()
                + "', so this client does not " + what + " it; declare it with app.topic(...) or use one of "
                + new TreeSet<>(declared.keySet()));
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this client of app '" + appName + "' is closed; connect a new one");
        }
    }
}
