package dev.mephisto.chat.client;

import dev.mephisto.Codec;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatRequest;
import dev.mephisto.chat.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * One chat client's link to Kafka: it writes the user's requests to {@code chat-requests} and reads
 * the user's own deliveries from the one partition of {@code chat-deliveries} that holds them,
 * starting from now, skipping deliveries meant for other sessions of the same name. Not
 * thread-safe for {@link #poll}; {@link #send} may be called from any thread.
 *
 * <pre>{@code
 * try (ChatConnection chat = ChatConnection.open("localhost:9092", "alex")) {
 *     chat.send(ChatRequest.join("alex", chat.session(), 3));
 *     for (Delivery d : chat.poll(Duration.ofSeconds(1))) System.out.println(d);
 * }
 * }</pre>
 */
public final class ChatConnection implements AutoCloseable {

    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(15);

    private final String user;
    private final String session;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Codec<ChatRequest> requests = Codec.json(ChatRequest.class);
    private final Codec<Delivery> deliveries = Codec.json(Delivery.class);
    private final byte[] userKey;

    private ChatConnection(Properties kafka, String user, String session) {
        this.user = user;
        this.session = session;
        this.userKey = user.getBytes(StandardCharsets.UTF_8);
        Properties producerProps = new Properties();
        producerProps.putAll(kafka);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) OPEN_TIMEOUT.toMillis());
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "chat-client-" + user);
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        Properties consumerProps = new Properties();
        consumerProps.putAll(kafka);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "chat-client-" + user);
        consumerProps.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) OPEN_TIMEOUT.toMillis());
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        // never let a client create the chat's topics with the broker's defaults: the worker creates them
        consumerProps.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Opens a connection for {@code user} with a new random session id. */
    public static ChatConnection open(String bootstrapServers, String user) {
        return open(bootstrapServers, user, "s-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * Opens a connection for {@code user} under {@code session}, positioned at the end of the user's
     * deliveries, so it sees everything caused by requests sent after this returns.
     *
     * @throws IllegalStateException when no broker answers or the chat topics do not exist yet
     */
    public static ChatConnection open(String bootstrapServers, String user, String session) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers can't be null");
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", bootstrapServers);
        return open(kafka, user, session);
    }

    /**
     * Opens a connection with these Kafka client properties ({@code bootstrap.servers} and any
     * security settings), as {@link dev.mephisto.cli.BrokerOptions#clientProperties} gives them.
     */
    public static ChatConnection open(Properties kafka, String user, String session) {
        Objects.requireNonNull(kafka, "kafka properties can't be null");
        String bootstrapServers = kafka.getProperty("bootstrap.servers");
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("the Kafka properties have no bootstrap.servers: pass --broker host:port");
        }
        Objects.requireNonNull(user, "user can't be null");
        Objects.requireNonNull(session, "session can't be null");
        if (user.isBlank()) {
            throw new IllegalArgumentException("the user name is empty: pick a name such as --user alex");
        }
        ChatConnection connection = new ChatConnection(kafka, user, session);
        try {
            connection.assignOwnPartition(bootstrapServers);
            return connection;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private void assignOwnPartition(String bootstrap) {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(ChatApp.DELIVERIES, OPEN_TIMEOUT);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("no Kafka broker answers at " + bootstrap + " within " + OPEN_TIMEOUT.toSeconds()
                    + " s: start a chat worker (java -jar mephisto-chat.jar worker) or pass --broker host:port", e);
        }
        List<PartitionInfo> requestPartitions = consumer.partitionsFor(ChatApp.REQUESTS, OPEN_TIMEOUT);
        if (partitions == null || partitions.isEmpty() || requestPartitions == null || requestPartitions.isEmpty()) {
            throw new IllegalStateException("topic " + ChatApp.DELIVERIES + " does not exist at " + bootstrap
                    + ": start a chat worker first (java -jar mephisto-chat.jar worker --broker " + bootstrap + ")");
        }
        int partition = Utils.toPositive(Utils.murmur2(userKey)) % partitions.size();
        TopicPartition own = new TopicPartition(ChatApp.DELIVERIES, partition);
        consumer.assign(List.of(own));
        consumer.seekToEnd(List.of(own));
        consumer.position(own, OPEN_TIMEOUT);
    }

    /** The user this connection speaks for. */
    public String user() {
        return user;
    }

    /** The session id it sends, and whose deliveries it returns. */
    public String session() {
        return session;
    }

    /**
     * Sends a request keyed by the user and waits until Kafka has it.
     *
     * @throws IllegalStateException when Kafka does not take it within 30 s
     */
    public void send(ChatRequest request) {
        Objects.requireNonNull(request, "request can't be null");
        try {
            producer.send(new ProducerRecord<>(ChatApp.REQUESTS, userKey, requests.encode(request)))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send " + request.type() + " to " + ChatApp.REQUESTS + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + request.type(), e);
        }
    }

    /** This user's deliveries for this session that arrived within {@code timeout}, oldest first. */
    public List<Delivery> poll(Duration timeout) {
        List<Delivery> mine = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            if (record.key() == null || !java.util.Arrays.equals(record.key(), userKey)) {
                continue;
            }
            Delivery delivery;
            try {
                delivery = deliveries.decode(record.value());
            } catch (RuntimeException e) {
                continue; // not a delivery this client understands
            }
            if (delivery != null && (delivery.session() == null || delivery.session().equals(session))) {
                mine.add(delivery);
            }
        }
        return mine;
    }

    /** Wakes up a {@link #poll} in progress in another thread (it throws {@code WakeupException}). */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close();
    }
}
