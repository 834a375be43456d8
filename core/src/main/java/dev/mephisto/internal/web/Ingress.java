package dev.mephisto.internal.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mephisto.AgentContext;
import dev.mephisto.App;
import dev.mephisto.ClientOptions;
import dev.mephisto.CodecException;
import dev.mephisto.InvalidValueException;
import dev.mephisto.Outgoing;
import dev.mephisto.Sent;
import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * hopeit's send-message over HTTP: a body checked as the topic's value type, sent with the app's
 * {@link TopicClient} under the caller's request id (or a new one), or refused with the reason and
 * nothing produced.
 */
public final class Ingress implements AutoCloseable {

    /** Bodies above this size are refused with 413. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(10);
    private static final long ACK_TIMEOUT_SECONDS = 20;

    private final List<Topic<?, ?>> topics;
    private final TopicClient client;

    /** An ingress for the app's topics, writing through a client of its own on these bootstrap servers. */
    public Ingress(App app, String bootstrapServers) {
        this(app.topics(), TopicClient.connect(app, ClientOptions.defaults().withBroker(bootstrapServers)
                .withClientId(app.applicationId() + "-ingress").withTimeout(BROKER_TIMEOUT).withKafka("linger.ms", 1)));
    }

    /** An ingress for these topics, writing through {@code client}, which it closes when closed. */
    public Ingress(List<Topic<?, ?>> topics, TopicClient client) {
        this.topics = List.copyOf(topics);
        this.client = client;
    }

    /** Handles one POST; {@code requestId} is the caller's request id header, or null. */
    public Answer post(String topicName, String keyText, byte[] body, String requestId) {
        Optional<Topic<?, ?>> topic = topics.stream().filter(t -> t.name().equals(topicName)).findFirst();
        if (topic.isEmpty() || !topic.get().acceptsIngress()) {
            return Answer.error(404, "topic '" + topicName + "' does not accept records over HTTP"
                    + (topic.isEmpty() ? " (the app declares no such topic)" : ": declare it with withIngress()"));
        }
        return post(topic.get(), keyText, body, requestId);
    }

    private <K, V> Answer post(Topic<K, V> topic, String keyText, byte[] body, String requestId) {
        if (body.length > MAX_BODY_BYTES) {
            // the server reads at most one byte past the limit, so the body's real size is not known here
            return Answer.error(413, "the body is larger than the " + MAX_BODY_BYTES + "-byte limit of topic '"
                    + topic.name() + "' over HTTP: send larger records with a Kafka client");
        }
        V value;
        try {
            value = topic.valueCodec().decode(body);
        } catch (RuntimeException e) {
            return Answer.error(400, "the body is not a " + topic.valueCodec().describe() + " for topic '"
                    + topic.name() + "': " + e.getMessage());
        }
        if (value == null) {
            return Answer.error(400, "the body is empty; topic '" + topic.name() + "' needs a "
                    + topic.valueCodec().describe());
        }
        Outgoing<K, V> record;
        try {
            record = keyText != null ? Outgoing.to(topic, topic.keyCodec().parse(keyText), value)
                    : Outgoing.to(topic, value);
        } catch (RuntimeException e) {
            return Answer.error(400, "key '" + keyText + "' is not a " + topic.keyCodec().describe()
                    + " for topic '" + topic.name() + "': " + e.getMessage());
        }
        java.util.concurrent.CompletableFuture<Sent> sending;
        try {
            sending = client.send(record.withRequestId(requestId));
        } catch (InvalidValueException | CodecException e) {
            return Answer.error(400, e.getMessage());
        }
        try {
            Sent sent = sending.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            ObjectNode accepted = JsonNodeFactory.instance.objectNode();
            accepted.put(AgentContext.REQUEST_ID_FIELD, sent.requestId());
            accepted.put("topic", sent.topic());
            accepted.put("partition", sent.partition());
            accepted.put("offset", sent.offset());
            return new Answer(202, accepted);
        } catch (ExecutionException e) {
            return Answer.error(503, "could not write to topic '" + topic.name() + "': " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return Answer.error(503, "the broker did not acknowledge the record within " + ACK_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.error(503, "interrupted while writing");
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
