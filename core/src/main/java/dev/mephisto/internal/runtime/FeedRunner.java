package dev.mephisto.internal.runtime;

import dev.mephisto.DeadLetter;
import dev.mephisto.Feed;
import dev.mephisto.InvalidValueException;
import dev.mephisto.Outgoing;
import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import dev.mephisto.internal.model.FeedSpec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one feed in its own thread, sending what it emits with the client (keyed by the topic's key
 * extractor, each with a new request id); text that does not parse, or a value the topic's validator
 * refuses, is a dead letter.
 */
public final class FeedRunner<K, V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FeedRunner.class);

    private final FeedSpec<K, V> spec;
    private final TopicClient client;
    private final DeadLetterWriter deadLetters;
    private final Thread thread;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private long line;

    public FeedRunner(FeedSpec<K, V> spec, TopicClient client, DeadLetterWriter deadLetters) {
        this.spec = spec;
        this.client = client;
        this.deadLetters = deadLetters;
        this.thread = new Thread(this::run, "mephisto-feed-" + spec.name());
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public long produced() {
        return produced.get();
    }

    private void run() {
        Topic<K, V> topic = spec.topic();
        try {
            spec.feed().run(new Feed.Emitter<>() {
                @Override
                public void emitText(String text) {
                    line++;
                    V value;
                    try {
                        value = topic.valueCodec().parse(text);
                        if (value == null) {
                            throw new IllegalArgumentException("an empty value");
                        }
                    } catch (RuntimeException e) {
                        refuse(text, e);
                        return;
                    }
                    send(value, text);
                }

                @Override
                public void emit(V value) {
                    send(value, null);
                }
            });
            client.flush();
            log.info("feed done feed={} topic={} produced={} refused={}", spec.name(), topic.name(), produced.get(),
                    refused.get());
        } catch (Exception e) {
            log.error("feed {} stopped after {} records: {}", spec.name(), produced.get(), e.toString(), e);
        }
    }

    /** Sends one value; {@code text} is what it was parsed from, if it was. */
    private void send(V value, String text) {
        try {
            client.send(Outgoing.to(spec.topic(), value));
        } catch (InvalidValueException e) {
            refuse(text != null ? text : spec.topic().valueCodec().format(value), new IllegalArgumentException(
                    e.problem(), e));
            return;
        }
        produced.incrementAndGet();
    }

    private void refuse(String text, RuntimeException error) {
        refused.incrementAndGet();
        log.warn("dead letter kind={} feed={} topic={} line={} reason=\"{}\"", DeadLetter.Kind.DECODE.headerValue(), spec.name(),
                spec.topic().name(), line, DeadLetterHandlers.oneLine(error.getMessage()));
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHandlers.describe(headers, DeadLetter.Kind.DECODE, error, false, "feed:" + spec.name(), -1, line,
                "feed:" + spec.name());
        deadLetters.write(null, text.getBytes(StandardCharsets.UTF_8), headers);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.flush();
    }
}
