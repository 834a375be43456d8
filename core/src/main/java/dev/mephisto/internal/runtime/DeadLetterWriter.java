package dev.mephisto.internal.runtime;

import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the dead letters of the worker's own threads (sinks, feeds) through a {@link TopicClient}:
 * cut to fit the topic's size limit exactly as the stream handlers cut theirs ({@link DeadLetterFit},
 * {@link DeadLetterTopic}), and counted in the same counters; one that cannot be written is logged
 * and counted, never thrown.
 */
public final class DeadLetterWriter {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterWriter.class);
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    private final TopicClient client;
    private final Topic<byte[], byte[]> topic;
    private final DeadLetterTopic deadLetters;
    private final Map<String, ?> configs;

    /**
     * @param configs the app's streams properties: the dead-letter topic's name, its counters
     *     ({@link DeadLetterTopic#CONFIG}), and the settings to ask the broker for its size limit with
     */
    public DeadLetterWriter(TopicClient client, Map<String, ?> configs) {
        this.client = client;
        this.topic = client.deadLetterTopic();
        Object name = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (name != null && !name.toString().equals(topic.name())) {
            throw new IllegalArgumentException("the client writes dead letters to " + topic.name()
                    + " but the app's are in " + name);
        }
        this.deadLetters = DeadLetterTopic.of(configs);
        this.configs = Map.copyOf(configs);
    }

    /** The dead-letter topic's name. */
    public String topic() {
        return topic.name();
    }

    /** Writes one dead letter without waiting for Kafka. */
    public CompletableFuture<?> write(byte[] key, byte[] value, RecordHeaders headers) {
        DeadLetterFit.Fitted fitted = deadLetters.fit(configs, topic.name(), key, value, headers);
        CompletableFuture<?> sent;
        try {
            sent = client.send(dev.mephisto.Outgoing.to(topic, fitted.key(), fitted.value())
                    .withHeaders(HeaderText.of(headers)));
        } catch (RuntimeException e) {
            deadLetters.notWritten(headers, topic.name(), e);
            return CompletableFuture.failedFuture(e);
        }
        return sent.whenComplete((written, error) -> {
            if (error != null) {
                deadLetters.notWritten(headers, topic.name(),
                        error instanceof Exception e ? e : new RuntimeException(error));
            }
        });
    }

    /** Writes one dead letter and waits until Kafka has it, or it is logged as not written. */
    public void writeAndWait(byte[] key, byte[] value, RecordHeaders headers) {
        try {
            write(key, value, headers).get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception alreadyLogged) {
            // counted and logged by write()
        }
    }
}
