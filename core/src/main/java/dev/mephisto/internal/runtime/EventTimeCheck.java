package dev.mephisto.internal.runtime;

import dev.mephisto.Topic;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The node after the source of a topic with an event-time field: a record whose field is missing
 * or {@code null} goes to the dead-letter topic, with its topic, partition, offset and the field
 * named; every other record passes unchanged (its timestamp is already the event time). A record
 * without a value passes too: whoever reads it decides what a tombstone means.
 */
public final class EventTimeCheck<K, V> implements FixedKeyProcessor<K, V, V> {

    private final Topic<K, V> topic;
    private final String node;
    private FixedKeyProcessorContext<K, V> context;

    public EventTimeCheck(Topic<K, V> topic, String node) {
        this.topic = topic;
        this.node = node;
    }

    /**
     * The event time of a value, or {@code null} when it has none, reading it fails, or it is before
     * 1970 (a Kafka timestamp can't be negative: Kafka Streams would drop the record with only a log line).
     */
    static <V> Instant timeOf(Topic<?, V> topic, V value) {
        Instant time = rawTimeOf(topic, value);
        return time == null || time.isBefore(Instant.EPOCH) ? null : time;
    }

    private static <V> Instant rawTimeOf(Topic<?, V> topic, V value) {
        try {
            return topic.eventTimeOf(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void init(FixedKeyProcessorContext<K, V> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<K, V> record) {
        if (record.value() == null || timeOf(topic, record.value()) != null) {
            context.forward(record);
            return;
        }
        String where = context.recordMetadata().map(EventTimeCheck::where).orElse("topic '" + topic.name() + "'");
        Instant before1970 = rawTimeOf(topic, record.value());
        if (before1970 != null) {
            throw new Rejection(node, where + ": event-time field '" + topic.eventTimeField() + "' is " + before1970
                    + ", before 1970-01-01T00:00:00Z, which a Kafka timestamp cannot carry; producers must send a"
                    + " later time");
        }
        throw new Rejection(node, where + ": event-time field '" + topic.eventTimeField() + "' is missing or null,"
                + " so the record has no event time; producers must set '" + topic.eventTimeField()
                + "' (or drop withEventTime(...) from topic '" + topic.name() + "' to use the record timestamp)");
    }

    private static String where(RecordMetadata metadata) {
        return "topic '" + metadata.topic() + "' partition " + metadata.partition() + " offset " + metadata.offset();
    }
}
