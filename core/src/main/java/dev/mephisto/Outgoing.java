package dev.mephisto;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One record to send with a {@link TopicClient}, when a plain {@code send(topic, key, value)} is not
 * enough: with headers, a request id of your own, or a timestamp. Immutable; each {@code withX}
 * returns a copy.
 *
 * <p>Made with a key, the record has exactly that key ({@code null} for none). Made without one, the
 * key comes from the topic's key extractor ({@link Topic#withIngress(java.util.function.Function)}),
 * or there is none when the topic has no extractor: the way agents, ingress and {@code send} key a
 * value alike.
 *
 * <pre>{@code
 * client.send(Outgoing.to(orders, order)                    // key from orders' extractor
 *         .withHeader("source", "importer")
 *         .withRequestId(httpRequestId)
 *         .withTimestamp(order.placedAt()));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Outgoing<K, V> {

    private final Topic<K, V> topic;
    private final boolean keyGiven;
    private final K key;
    private final V value;
    private final Map<String, String> headers;
    private final String requestId;
    private final Instant timestamp;

    private Outgoing(Topic<K, V> topic, boolean keyGiven, K key, V value, Map<String, String> headers,
            String requestId, Instant timestamp) {
        this.topic = topic;
        this.keyGiven = keyGiven;
        this.key = key;
        this.value = value;
        this.headers = headers;
        this.requestId = requestId;
        this.timestamp = timestamp;
    }

    /**
     * A record for {@code topic} with this key ({@code null} for none) and value ({@code null} for a
     * tombstone).
     *
     * <pre>{@code
     * Outgoing<String, Order> out = Outgoing.to(orders, "o-1", order);
     * }</pre>
     */
    public static <K, V> Outgoing<K, V> to(Topic<K, V> topic, K key, V value) {
        Objects.requireNonNull(topic, "topic can't be null");
        return new Outgoing<>(topic, true, key, value, Map.of(), null, null);
    }

    /**
     * A record for {@code topic} keyed by the topic's key extractor, or without a key when it has none.
     *
     * <pre>{@code
     * Outgoing<String, Order> out = Outgoing.to(orders, order);   // orders declared withIngress(Order::orderId)
     * }</pre>
     */
    public static <K, V> Outgoing<K, V> to(Topic<K, V> topic, V value) {
        Objects.requireNonNull(topic, "topic can't be null");
        return new Outgoing<>(topic, false, null, value, Map.of(), null, null);
    }

    /**
     * A copy with one more header, as UTF-8 text ({@code null} for a header without a value); a
     * header of the same name is replaced.
     *
     * <pre>{@code
     * Outgoing.to(orders, order).withHeader("source", "importer");
     * }</pre>
     */
    public Outgoing<K, V> withHeader(String name, String value) {
        Objects.requireNonNull(name, "header name can't be null (topic '" + topic.name() + "')");
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Outgoing<>(topic, keyGiven, key, this.value, Collections.unmodifiableMap(copy), requestId,
                timestamp);
    }

    /**
     * A copy with these headers added, in their order.
     *
     * <pre>{@code
     * Outgoing.to(orders, order).withHeaders(Map.of("source", "importer", "batch", "7"));
     * }</pre>
     */
    public Outgoing<K, V> withHeaders(Map<String, String> more) {
        Objects.requireNonNull(more, "headers can't be null (topic '" + topic.name() + "')");
        Outgoing<K, V> copy = this;
        for (Map.Entry<String, String> header : more.entrySet()) {
            copy = copy.withHeader(header.getKey(), header.getValue());
        }
        return copy;
    }

    /**
     * A copy that carries this request id (header {@value AgentContext#REQUEST_ID_HEADER}) instead of
     * a new one; {@code null} or blank means a new one, as when it is not set.
     *
     * <pre>{@code
     * Outgoing.to(orders, order).withRequestId(exchange.getRequestHeaders().getFirst("X-Request-Id"));
     * }</pre>
     */
    public Outgoing<K, V> withRequestId(String requestId) {
        String id = requestId == null || requestId.isBlank() ? null : requestId;
        return new Outgoing<>(topic, keyGiven, key, value, headers, id, timestamp);
    }

    /**
     * A copy with this record timestamp (event time) instead of the time of sending; {@code null}
     * means the time of sending.
     *
     * <pre>{@code
     * Outgoing.to(payments, p.paymentId(), p).withTimestamp(p.receivedAt());
     * }</pre>
     */
    public Outgoing<K, V> withTimestamp(Instant timestamp) {
        return new Outgoing<>(topic, keyGiven, key, value, headers, requestId, timestamp);
    }

    /** The topic it goes to. */
    public Topic<K, V> topic() {
        return topic;
    }

    /** The key it was given, or, made without one, the topic's key extractor's key for the value (maybe empty). */
    public Optional<K> key() {
        if (keyGiven) {
            return Optional.ofNullable(key);
        }
        return value == null ? Optional.empty() : topic.ingressKeyOf(value);
    }

    /** The value; {@code null} for a tombstone. */
    public V value() {
        return value;
    }

    /** The headers it adds, as text. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The request id it was given; empty means a new one is made when it is sent. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** The timestamp it was given; empty means the time of sending. */
    public Optional<Instant> timestamp() {
        return Optional.ofNullable(timestamp);
    }

    @Override
    public String toString() {
        return "Outgoing(" + topic.name() + ", key=" + (keyGiven ? key : "<from the topic>") + ")";
    }
}
