package dev.mephisto.internal.runtime;

import dev.mephisto.AgentContext;
import dev.mephisto.App;
import dev.mephisto.DeadLetter;
import dev.mephisto.Feed;
import dev.mephisto.Topic;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one feed in its own thread, producing what it emits; text that does not parse is a dead letter. */
public final class FeedRunner<K, V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FeedRunner.class);

    /** A feed as the app declares it. */
    public record Declared<K, V>(String name, Topic<K, V> topic, Feed<V> feed) {
    }

    private final App app;
    private final Declared<K, V> declared;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread thread;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private long line;

    public FeedRunner(App app, Declared<K, V> declared, KafkaProducer<byte[], byte[]> producer) {
        this.app = app;
        this.declared = declared;
        this.producer = producer;
        this.thread = new Thread(this::run, "mephisto-feed-" + declared.name());
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public long produced() {
        return produced.get();
    }

    private void run() {
        Topic<K, V> topic = declared.topic();
        try {
            declared.feed().run(new Feed.Emitter<>() {
                @Override
                public void emitText(String text) {
                    line++;
                    V value;
                    try {
                        value = topic.valueCodec().parse(text);
                        String problem = value == null ? "an empty value" : topic.problemWith(value);
                        if (problem != null) {
                            throw new IllegalArgumentException(problem);
                        }
                    } catch (RuntimeException e) {
                        refuse(text, e);
                        return;
                    }
                    emit(value);
                }

                @Override
                public void emit(V value) {
                    K key = topic.ingressKeyOf(value).orElse(null);
                    RecordHeaders headers = new RecordHeaders();
                    headers.add(AgentContext.REQUEST_ID_HEADER, RequestIds.newId().getBytes(StandardCharsets.UTF_8));
                    producer.send(new ProducerRecord<>(topic.name(), null,
                            topic.keySerde().serializer().serialize(topic.name(), key),
                            topic.valueSerde().serializer().serialize(topic.name(), value), headers));
                    produced.incrementAndGet();
                }
            });
            producer.flush();
            log.info("feed done feed={} topic={} produced={} refused={}", declared.name(), topic.name(), produced.get(),
                    refused.get());
        } catch (Exception e) {
            log.error("feed {} stopped after {} records: {}", declared.name(), produced.get(), e.toString(), e);
        }
    }

    private void refuse(String text, RuntimeException error) {
        refused.incrementAndGet();
        log.warn("dead letter kind={} feed={} topic={} line={} reason=\"{}\"", DeadLetter.DECODE, declared.name(),
                declared.topic().name(), line, DeadLetterHandlers.oneLine(error.getMessage()));
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHandlers.describe(headers, DeadLetter.DECODE, error, false, "feed:" + declared.name(), -1, line,
                "feed:" + declared.name());
        producer.send(new ProducerRecord<>(app.deadLetterTopic(), null, (byte[]) null, text.getBytes(StandardCharsets.UTF_8),
                headers));
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
    }
}
