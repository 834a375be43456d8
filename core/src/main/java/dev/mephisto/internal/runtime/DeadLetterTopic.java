package dev.mephisto.internal.runtime;

import dev.mephisto.DeadLetter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An app's dead-letter topic as its workers write to it: how large a dead letter may be, and how
 * many were cut to fit or could not be written. One per app, handed to Kafka Streams' error
 * handlers through the streams properties under {@link #CONFIG}.
 */
public final class DeadLetterTopic {

    /** The streams property that carries this object to the error handlers. */
    public static final String CONFIG = "mephisto.internal.dead.letter.topic";
    /** The producer's {@code max.request.size} default. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
    /** The broker's {@code message.max.bytes} default, a topic's {@code max.message.bytes} unless set. */
    static final int DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
    /** Dead letters up to this size are written without asking the broker for the topic's limit. */
    static final int SURELY_FITS = 64 * 1024;
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);
    private static final long LOOKUP_RETRY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Logger log = LoggerFactory.getLogger(DeadLetterTopic.class);

    /** How many dead letters {@link #recent()} keeps, for the dashboard. */
    static final int RECENT = 20;

    private final LongAdder made = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final java.util.ArrayDeque<Recent> recent = new java.util.ArrayDeque<>(RECENT);
    private final LongAdder truncated = new LongAdder();
    private final Map<String, Limit> topicLimits = new ConcurrentHashMap<>();

    private record Limit(int bytes, long lookedUpAt, boolean known) {
    }

    /** One dead letter as the dashboard lists it. */
    public record Recent(java.time.Instant at, String kind, String agent, String topic, String partition,
            String offset, String error) {
    }

    /** Dead letters made (handed to the producer for the dead-letter topic), of every kind. */
    public long made() {
        return made.sum();
    }

    /** The last {@value #RECENT} dead letters made by this worker, newest first. */
    public synchronized java.util.List<Recent> recent() {
        return java.util.List.copyOf(recent);
    }

    private synchronized void remember(Headers headers) {
        if (recent.size() == RECENT) {
            recent.removeLast();
        }
        recent.addFirst(new Recent(java.time.Instant.now(), HeaderText.text(headers, DeadLetter.HEADER_KIND),
                HeaderText.text(headers, DeadLetter.HEADER_AGENT), HeaderText.text(headers, DeadLetter.HEADER_TOPIC),
                HeaderText.text(headers, DeadLetter.HEADER_PARTITION), HeaderText.text(headers, DeadLetter.HEADER_OFFSET),
                HeaderText.oneLine(HeaderText.text(headers, DeadLetter.HEADER_MESSAGE))));
    }

    /** Dead letters that could not be written (logged, never fatal). */
    public long failed() {
        return failed.sum();
    }

    /** Dead letters cut to fit the topic's size limit. */
    public long truncated() {
        return truncated.sum();
    }

    void recordFailed() {
        failed.increment();
    }

    void recordTruncated() {
        truncated.increment();
    }

    /** The one of {@code configs}, or a fresh one when the properties were built without it. */
    static DeadLetterTopic of(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof DeadLetterTopic topic ? topic : new DeadLetterTopic();
    }

    /** The streams producer's {@code max.request.size}: {@code producer.max.request.size}, else the plain one. */
    static int maxRequestSize(Map<String, ?> configs) {
        Object value = configs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (value == null) {
            value = configs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        if (value == null) {
            return DEFAULT_MAX_REQUEST_SIZE;
        }
        return value instanceof Number number ? number.intValue() : Integer.parseInt(value.toString().trim());
    }

    /**
     * The largest dead letter (by {@link DeadLetterFit#size}) that both the producer and the topic
     * take: the smaller of {@code max.request.size} and the topic's {@code max.message.bytes}, less a
     * margin. The topic's limit is asked of the broker only when a dead letter is larger than
     * {@link #SURELY_FITS}, once per cluster (again a minute later when the broker did not answer).
     */
    int limit(Map<String, ?> configs, String topic, long size) {
        int producerLimit = maxRequestSize(configs);
        if (size <= Math.min(SURELY_FITS, producerLimit - DeadLetterFit.MARGIN)) {
            return producerLimit - DeadLetterFit.MARGIN;
        }
        String cluster = String.valueOf(configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)) + "/" + topic;
        Limit known = topicLimits.get(cluster);
        if (known == null || (!known.known() && System.nanoTime() - known.lookedUpAt() > LOOKUP_RETRY_NANOS)) {
            known = lookUp(configs, topic);
            topicLimits.put(cluster, known);
        }
        return Math.min(producerLimit, known.bytes()) - DeadLetterFit.MARGIN;
    }

    private static Limit lookUp(Map<String, ?> configs, String topic) {
        Map<String, Object> props = new HashMap<>();
        configs.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        String adminPrefix = StreamsConfig.adminClientPrefix("");
        configs.forEach((key, value) -> {
            if (key.startsWith(adminPrefix) && AdminClientConfig.configNames().contains(key.substring(adminPrefix.length()))) {
                props.put(key.substring(adminPrefix.length()), value);
            }
        });
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) LOOKUP_TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) LOOKUP_TIMEOUT.toMillis());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-dead-letters");
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(props)) {
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (entry != null && entry.value() != null) {
                return new Limit(Integer.parseInt(entry.value()), System.nanoTime(), true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("cannot read max.message.bytes of dead-letter topic={} reason=\"{}\"; assuming the broker"
                    + " default {} until it answers", topic, HeaderText.oneLine(String.valueOf(e)),
                    DEFAULT_MAX_MESSAGE_BYTES);
        }
        return new Limit(DEFAULT_MAX_MESSAGE_BYTES, System.nanoTime(), false);
    }

    /** The dead letter cut to fit {@code dlq} when it would not; a cut one is logged and counted. */
    DeadLetterFit.Fitted fit(Map<String, ?> configs, String dlq, byte[] key, byte[] value,
            org.apache.kafka.common.header.internals.RecordHeaders headers) {
        made.increment();
        remember(headers);
        long size = DeadLetterFit.size(key, value, headers);
        int limit = limit(configs, dlq, size);
        DeadLetterFit.Fitted fitted = DeadLetterFit.fit(key, value, headers, limit);
        if (fitted.cut()) {
            recordTruncated();
            log.warn("dead letter truncated to fit dlq={} {} size={} limit={} cut={}", dlq,
                    HeaderText.coordinates(headers), size, limit, HeaderText.text(headers, DeadLetter.HEADER_TRUNCATED));
        }
        return fitted;
    }

    /** Logs and counts a dead letter that could not be written; the worker carries on. */
    void notWritten(Headers letter, String dlq, Exception error) {
        recordFailed();
        log.error("dead letter not written kind={} agent={} {} dlq={} reason=\"{}\"; the record is skipped (counted"
                + " in mephisto.dead.letters.failed)", HeaderText.text(letter, DeadLetter.HEADER_KIND),
                HeaderText.text(letter, DeadLetter.HEADER_AGENT), HeaderText.coordinates(letter), dlq,
                HeaderText.oneLine(String.valueOf(error)));
    }
}
