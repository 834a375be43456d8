package dev.mephisto.internal.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mephisto.AgentContext;
import dev.mephisto.App;
import dev.mephisto.Topic;
import dev.mephisto.internal.runtime.RequestIds;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * hopeit's send-message over HTTP: a body checked as the topic's value type, produced with a
 * request id, or refused with the reason and nothing produced.
 */
public final class Ingress implements AutoCloseable {

    /** Bodies above this size are refused with 413. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final App app;
    private final KafkaProducer<byte[], byte[]> producer;

    public Ingress(App app, String bootstrapServers) {
        this.app = app;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, app.applicationId() + "-ingress");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Handles one POST; {@code requestId} is the caller's X-Request-Id or null. */
    public Answer post(String topicName, String keyText, byte[] body, String requestId) {
        Optional<Topic<?, ?>> topic = app.topics().stream().filter(t -> t.name().equals(topicName)).findFirst();
        if (topic.isEmpty() || !topic.get().acceptsIngress()) {
            return Answer.error(404, "topic '" + topicName + "' does not accept records over HTTP"
                    + (topic.isEmpty() ? " (the app declares no such topic)" : ": declare it with withIngress()"));
        }
        return post(topic.get(), keyText, body, requestId);
    }

    private <K, V> Answer post(Topic<K, V> topic, String keyText, byte[] body, String givenRequestId) {
        if (body.length > MAX_BODY_BYTES) {
            return Answer.error(413, "the body is " + body.length + " bytes; topic '" + topic.name()
                    + "' takes at most " + MAX_BODY_BYTES + " over HTTP");
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
        String problem = topic.problemWith(value);
        if (problem != null) {
            return Answer.error(400, "the value fails the check of topic '" + topic.name() + "': " + problem);
        }
        K key;
        try {
            key = keyText != null ? topic.keyCodec().parse(keyText) : topic.ingressKeyOf(value).orElse(null);
        } catch (RuntimeException e) {
            return Answer.error(400, "key '" + keyText + "' is not a " + topic.keyCodec().describe()
                    + " for topic '" + topic.name() + "': " + e.getMessage());
        }
        String requestId = givenRequestId == null || givenRequestId.isBlank() ? RequestIds.newId() : givenRequestId;
        RecordHeaders headers = new RecordHeaders();
        headers.add(AgentContext.REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8));
        byte[] keyBytes;
        byte[] valueBytes;
        try {
            keyBytes = topic.keySerde().serializer().serialize(topic.name(), key);
            valueBytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        } catch (RuntimeException e) {
            return Answer.error(400, e.getMessage());
        }
        try {
            RecordMetadata metadata = producer.send(new ProducerRecord<>(topic.name(), null, keyBytes, valueBytes,
                    headers)).get(20, TimeUnit.SECONDS);
            ObjectNode accepted = JsonNodeFactory.instance.objectNode();
            accepted.put("requestId", requestId);
            accepted.put("topic", metadata.topic());
            accepted.put("partition", metadata.partition());
            accepted.put("offset", metadata.offset());
            return new Answer(202, accepted);
        } catch (ExecutionException e) {
            return Answer.error(503, "could not write to topic '" + topic.name() + "': " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return Answer.error(503, "the broker did not acknowledge the record within 20 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.error(503, "interrupted while writing");
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
