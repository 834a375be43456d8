package dev.mephisto;

import java.time.Instant;
import java.util.Map;

/**
 * One record handed to a {@link Sink}, with where it came from: a replayed record has the same
 * topic, partition and offset, so a sink can write it idempotently.
 */
public record SinkRecord<K, V>(String topic, int partition, long offset, K key, V value, Instant timestamp,
        Map<String, String> headers) {

    /** A name unique to this record, {@code <topic>-<partition>-<offset>}: the same on a replay. */
    public String id() {
        return topic + "-" + partition + "-" + offset;
    }

    /** The request id the record carries, or {@code null}. */
    public String requestId() {
        return headers.get(AgentContext.REQUEST_ID_HEADER);
    }
}
