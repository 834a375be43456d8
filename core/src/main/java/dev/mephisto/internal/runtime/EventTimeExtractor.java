package dev.mephisto.internal.runtime;

import dev.mephisto.Topic;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Reads a topic's event time from a field of its decoded value ({@code Topic.withEventTime}). A
 * record without it keeps its partition's time, so it moves no clock; {@link EventTimeCheck}, the
 * node right after the source, sends it to the dead-letter topic (an extractor that throws would
 * stop the stream thread).
 */
public final class EventTimeExtractor implements TimestampExtractor {

    private final Topic<Object, Object> topic;

    @SuppressWarnings("unchecked")
    public EventTimeExtractor(Topic<?, ?> topic) {
        this.topic = (Topic<Object, Object>) topic;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Instant time = EventTimeCheck.timeOf(topic, record.value());
        if (time != null) {
            return time.toEpochMilli();
        }
        return partitionTime >= 0 ? partitionTime : Math.max(record.timestamp(), 0);
    }
}
