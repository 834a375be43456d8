package dev.mephisto;

import dev.mephisto.internal.client.KafkaTopicClient;
import java.util.concurrent.CompletableFuture;

/**
 * Sends to and reads from an app's declared topics outside an agent (Faust's {@code topic.send()}
 * from anywhere): an importer, a test, a command line tool, a service beside the workers. Records are
 * encoded with the topic's codecs, keyed like an agent's {@code ctx.send} (the same key lands in
 * the same partition), checked by the topic's validator, and carry a request id (header
 * {@value AgentContext#REQUEST_ID_HEADER}) that follows them through every agent and into the logs.
 * Sends are idempotent ({@code acks=all}, {@code enable.idempotence}); readers read committed records
 * by default. Thread-safe; close it when done.
 *
 * <pre>{@code
 * try (TopicClient client = TopicClient.connect(app)) {
 *     Sent sent = client.send(orders, "o-1", order).get(10, TimeUnit.SECONDS);
 *     client.send(orders, order);                              // key from orders' key extractor
 *     try (TopicReader<String, Order> reader = client.read(orders, ReadOptions.fromBeginning())) {
 *         for (Received<String, Order> r : reader.poll(Duration.ofSeconds(1))) {
 *             System.out.println(r.key() + " " + r.value() + " request=" + r.requestId());
 *         }
 *     }
 * }
 * }</pre>
 */
public interface TopicClient extends AutoCloseable {

    /**
     * A client for {@code app}'s topics on the app's broker ({@link ClientOptions#defaults()}).
     *
     * <pre>{@code
     * TopicClient client = TopicClient.connect(app);
     * }</pre>
     */
    static TopicClient connect(App app) {
        return connect(app, ClientOptions.defaults());
    }

    /**
     * A client for {@code app}'s topics with these options. Connecting is lazy: nothing is asked of
     * Kafka until the first send or read.
     *
     * <pre>{@code
     * TopicClient client = TopicClient.connect(app, ClientOptions.defaults().withBroker(worker.bootstrapServers()));
     * }</pre>
     */
    static TopicClient connect(App app, ClientOptions options) {
        return KafkaTopicClient.connect(app, options);
    }

    /** The bootstrap servers it connects to: {@code client.bootstrapServers()}. */
    String bootstrapServers();

    /**
     * Sends {@code value} under {@code key} ({@code null} for none) to a topic the app declares; the
     * future completes when Kafka has it ({@code acks=all}), or fails with Kafka's reason.
     *
     * <pre>{@code
     * client.send(orders, "o-1", order).whenComplete((sent, error) -> ...);
     * }</pre>
     *
     * @throws IllegalArgumentException when the app declares no such topic
     * @throws InvalidValueException when the topic's validator refuses the value (nothing is sent)
     * @throws CodecException when the topic's codecs cannot encode the key or value (nothing is sent)
     */
    default <K, V> CompletableFuture<Sent> send(Topic<K, V> topic, K key, V value) {
        return send(Outgoing.to(topic, key, value));
    }

    /**
     * Sends {@code value} keyed by the topic's key extractor
     * ({@link Topic#withIngress(java.util.function.Function)}), or without a key when it has none.
     *
     * <pre>{@code
     * client.send(orders, order);
     * }</pre>
     *
     * @throws IllegalArgumentException when the app declares no such topic
     * @throws InvalidValueException when the topic's validator refuses the value (nothing is sent)
     * @throws CodecException when the topic's codecs cannot encode the key or value (nothing is sent)
     */
    default <K, V> CompletableFuture<Sent> send(Topic<K, V> topic, V value) {
        return send(Outgoing.to(topic, value));
    }

    /**
     * Sends one record with headers, a request id or a timestamp of its own.
     *
     * <pre>{@code
     * client.send(Outgoing.to(orders, order).withRequestId(requestId).withHeader("source", "importer"));
     * }</pre>
     *
     * @throws IllegalArgumentException when the app declares no such topic
     * @throws InvalidValueException when the topic's validator refuses the value (nothing is sent)
     * @throws CodecException when the topic's codecs cannot encode the key or value (nothing is sent)
     */
    <K, V> CompletableFuture<Sent> send(Outgoing<K, V> record);

    /** Waits until every record sent so far is acknowledged or failed: {@code client.flush()}. */
    void flush();

    /**
     * Opens a reader of a topic the app declares (or of {@link #deadLetterTopic()}).
     *
     * <pre>{@code
     * TopicReader<String, Order> reader = client.read(orders, ReadOptions.fromEnd());
     * }</pre>
     *
     * @throws IllegalArgumentException when the app declares no such topic, or a chosen partition is
     *     not one of the topic's
     * @throws org.apache.kafka.common.errors.TimeoutException when no broker answers within the
     *     client's timeout
     */
    <K, V> TopicReader<K, V> read(Topic<K, V> topic, ReadOptions options);

    /**
     * How many partitions the topic has, asking Kafka (waiting at most the client's timeout); 0 when
     * it does not exist yet. Never creates the topic.
     *
     * <pre>{@code
     * if (client.partitions(orders) == 0) System.out.println("start a worker first: it creates the topics");
     * }</pre>
     *
     * @throws org.apache.kafka.common.errors.TimeoutException when no broker answers in time
     */
    int partitions(Topic<?, ?> topic);

    /**
     * The partition a record with {@code key} lands in: the same as an agent's {@code ctx.send} picks
     * for it (Kafka's default partitioner over the encoded key).
     *
     * <pre>{@code
     * int mine = client.partitionOf(deliveries, "alex");
     * client.read(deliveries, ReadOptions.fromEnd().withPartitions(mine));
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code key} is null (a record without a key has no fixed partition)
     * @throws IllegalStateException when the topic does not exist yet
     */
    <K> int partitionOf(Topic<K, ?> topic, K key);

    /**
     * The app's dead-letter topic as raw bytes, to read with {@link DeadLetter#of}:
     *
     * <pre>{@code
     * try (TopicReader<byte[], byte[]> reader = client.read(client.deadLetterTopic(), ReadOptions.lastOf(10))) {
     *     for (Received<byte[], byte[]> r : reader.poll(Duration.ofSeconds(1))) {
     *         DeadLetter letter = DeadLetter.of(r.rawKey(), r.rawValue(), r.headers());
     *     }
     * }
     * }</pre>
     */
    Topic<byte[], byte[]> deadLetterTopic();

    /**
     * Sends what is buffered, then closes the client's own connections; close its readers first
     * (each belongs to the thread that polls it): {@code client.close()}.
     */
    @Override
    void close();
}
