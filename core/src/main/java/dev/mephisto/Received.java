package dev.mephisto;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One record read with a {@link TopicReader}: where it is, its headers and request id, and its key
 * and value decoded with the topic's codecs. A record that does not decode is still returned, with
 * its {@link #failure()} and raw bytes, so a reader can show or dead-letter it and carry on with the
 * rest of the batch.
 *
 * <pre>{@code
 * for (Received<String, Order> r : reader.poll(Duration.ofSeconds(1))) {
 *     if (r.failure().isPresent()) {
 *         log.warn("bad record {}: {}", r.id(), r.failure().get().getMessage());
 *         continue;
 *     }
 *     handle(r.key(), r.value(), r.requestId());
 * }
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Received<K, V> {

    private final String topic;
    private final int partition;
    private final long offset;
    private final Instant timestamp;
    private final Map<String, String> headers;
    private final byte[] rawKey;
    private final byte[] rawValue;
    private final boolean keyDecoded;
    private final K key;
    private final V value;
    private final CodecException failure;

    private Received(String topic, int partition, long offset, Instant timestamp, Map<String, String> headers,
            byte[] rawKey, byte[] rawValue, boolean keyDecoded, K key, V value, CodecException failure) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.headers = java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(Objects.requireNonNull(headers, "headers can't be null")));
        this.rawKey = rawKey;
        this.rawValue = rawValue;
        this.keyDecoded = keyDecoded;
        this.key = key;
        this.value = value;
        this.failure = failure;
    }

    /**
     * A record whose key and value decoded.
     *
     * <pre>{@code
     * Received<String, Order> r = Received.decoded("orders", 0, 41L, Instant.now(), Map.of(), raw, bytes, "o-1", order);
     * }</pre>
     */
    public static <K, V> Received<K, V> decoded(String topic, int partition, long offset, Instant timestamp,
            Map<String, String> headers, byte[] rawKey, byte[] rawValue, K key, V value) {
        return new Received<>(topic, partition, offset, timestamp, headers, rawKey, rawValue, true, key, value, null);
    }

    /**
     * A record whose key or value did not decode: {@code key} is the decoded key when only the value
     * failed ({@code keyDecoded}), else ignored.
     *
     * <pre>{@code
     * Received<String, Order> r = Received.undecodable("orders", 0, 42L, Instant.now(), Map.of(), raw, bytes,
     *         true, "o-2", codecException);
     * }</pre>
     */
    public static <K, V> Received<K, V> undecodable(String topic, int partition, long offset, Instant timestamp,
            Map<String, String> headers, byte[] rawKey, byte[] rawValue, boolean keyDecoded, K key,
            CodecException failure) {
        Objects.requireNonNull(failure, "failure can't be null");
        return new Received<>(topic, partition, offset, timestamp, headers, rawKey, rawValue, keyDecoded,
                keyDecoded ? key : null, null, failure);
    }

    /** The topic it was read from. */
    public String topic() {
        return topic;
    }

    /** Its partition. */
    public int partition() {
        return partition;
    }

    /** Its offset in the partition. */
    public long offset() {
        return offset;
    }

    /** A name unique to this record, {@code <topic>-<partition>-<offset>}, as {@link SinkRecord#id()}. */
    public String id() {
        return topic + "-" + partition + "-" + offset;
    }

    /** Its timestamp. */
    public Instant timestamp() {
        return timestamp;
    }

    /** Its headers as UTF-8 text, the last value winning for a repeated name. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The request id it carries (header {@value AgentContext#REQUEST_ID_HEADER}), or {@code null}. */
    public String requestId() {
        return headers.get(AgentContext.REQUEST_ID_HEADER);
    }

    /** Why its key or value did not decode; empty when both did. */
    public Optional<CodecException> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * The decoded key ({@code null} for none).
     *
     * @throws IllegalStateException when the key did not decode (see {@link #failure()})
     */
    public K key() {
        if (!keyDecoded) {
            throw notDecoded("key");
        }
        return key;
    }

    /**
     * The decoded value ({@code null} for a tombstone).
     *
     * @throws IllegalStateException when the value did not decode (see {@link #failure()})
     */
    public V value() {
        if (failure != null) {
            throw notDecoded(keyDecoded ? "value" : "key and value");
        }
        return value;
    }

    /** The key's bytes as they are in Kafka, or {@code null}. */
    public byte[] rawKey() {
        return rawKey;
    }

    /** The value's bytes as they are in Kafka, or {@code null}. */
    public byte[] rawValue() {
        return rawValue;
    }

    private IllegalStateException notDecoded(String what) {
        return new IllegalStateException("record " + id() + " did not decode, so it has no " + what + ": "
                + failure.getMessage() + "; check failure() before reading it, or read rawKey()/rawValue()", failure);
    }

    @Override
    public String toString() {
        return "Received(" + id() + (failure == null ? "" : ", undecodable") + ")";
    }
}
