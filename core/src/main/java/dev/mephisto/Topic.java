package dev.mephisto;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * An immutable description of a Kafka topic: its name, the codecs of its keys and values, and
 * how it is created (partitions, replication, retention or compaction).
 *
 * <p>Make one with {@link #of(String, Codec, Codec)} or {@link App#topic(String, Codec, Codec)},
 * copy it with the {@code withX} methods, and declare it on the app with {@link App#topic(Topic)}.
 * Settings left unset use the app's defaults when the worker creates the topic.
 *
 * <pre>{@code
 * Topic<String, Payment> received = app.topic(
 *         Topic.of("incoming_payment_received", Codec.string(), Codec.json(Payment.class))
 *                 .withPartitions(12)
 *                 .withRetention(Duration.ofDays(7)));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Topic<K, V> implements Source<K, V> {

    private final String name;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Integer partitions;
    private final Short replication;
    private final Duration retention;
    private final boolean compacted;
    private final Map<String, String> configs;
    private final Validator<V> validator;
    private final boolean ingress;
    private final java.util.function.Function<V, K> ingressKey;
    private final String eventTimeField;
    private final java.util.function.Function<V, Instant> eventTime;

    private Topic(String name, Codec<K> keyCodec, Codec<V> valueCodec, Integer partitions, Short replication,
            Duration retention, boolean compacted, Map<String, String> configs) {
        this(name, keyCodec, valueCodec, partitions, replication, retention, compacted, configs, null, false, null,
                null, null);
    }

    private Topic(String name, Codec<K> keyCodec, Codec<V> valueCodec, Integer partitions, Short replication,
            Duration retention, boolean compacted, Map<String, String> configs, Validator<V> validator,
            boolean ingress, java.util.function.Function<V, K> ingressKey, String eventTimeField,
            java.util.function.Function<V, Instant> eventTime) {
        this.eventTimeField = eventTimeField;
        this.eventTime = eventTime;
        this.name = name;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.keySerde = keyCodec.keySerde();
        this.valueSerde = valueCodec.valueSerde();
        this.partitions = partitions;
        this.replication = replication;
        this.retention = retention;
        this.compacted = compacted;
        this.configs = configs;
        this.validator = validator;
        this.ingress = ingress;
        this.ingressKey = ingressKey;
    }

    /**
     * A topic with the app's default partitions and replication and the broker's default
     * retention.
     *
     * <pre>{@code
     * Topic<String, String> lines = Topic.of("lines", Codec.string(), Codec.string());
     * }</pre>
     */
    public static <K, V> Topic<K, V> of(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        LegalNames.requireLegal("topic", name);
        Objects.requireNonNull(keyCodec, "keyCodec can't be null (topic '" + name + "')");
        Objects.requireNonNull(valueCodec, "valueCodec can't be null (topic '" + name + "')");
        return new Topic<>(name, keyCodec, valueCodec, null, null, null, false, Map.of());
    }

    /** A copy with this number of partitions, used when the topic is created. */
    public Topic<K, V> withPartitions(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("topic '" + name + "' needs at least 1 partition, got " + partitions);
        }
        return copy(partitions, replication, retention, compacted, configs);
    }

    /** A copy with this replication factor, used when the topic is created. */
    public Topic<K, V> withReplication(int replication) {
        if (replication < 1 || replication > Short.MAX_VALUE) {
            throw new IllegalArgumentException("topic '" + name + "' needs a replication factor of at least 1, got "
                    + replication);
        }
        return copy(partitions, (short) replication, retention, compacted, configs);
    }

    /** A copy that keeps records this long ({@code retention.ms}). Not combinable with compaction. */
    public Topic<K, V> withRetention(Duration retention) {
        Objects.requireNonNull(retention, "retention can't be null (topic '" + name + "')");
        if (compacted) {
            throw new IllegalArgumentException("topic '" + name + "' is compacted; a retention time does not apply"
                    + " (choose withRetention(...) or withCompaction(), not both)");
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("topic '" + name + "' needs a positive retention, got " + retention);
        }
        return copy(partitions, replication, retention, false, configs);
    }

    /** A copy that keeps the latest record per key ({@code cleanup.policy=compact}). */
    public Topic<K, V> withCompaction() {
        if (retention != null) {
            throw new IllegalArgumentException("topic '" + name + "' has a retention of " + retention
                    + "; compaction does not combine with it (choose one)");
        }
        return copy(partitions, replication, null, true, configs);
    }

    /**
     * A copy with one more raw topic setting, applied when the topic is created:
     * {@code withConfig("max.message.bytes", "2097152")}.
     */
    public Topic<K, V> withConfig(String key, String value) {
        Objects.requireNonNull(key, "config key can't be null (topic '" + name + "')");
        Objects.requireNonNull(value, "config value can't be null (topic '" + name + "', key '" + key + "')");
        Map<String, String> copy = new LinkedHashMap<>(configs);
        copy.put(key, value);
        return copy(partitions, replication, retention, compacted, Collections.unmodifiableMap(copy));
    }

    /**
     * A copy that checks values entering from outside (HTTP ingress, the CLI's {@code send}) with
     * {@code validator}; a value it finds a problem with is refused with that reason.
     */
    public Topic<K, V> withValidator(Validator<V> validator) {
        Objects.requireNonNull(validator, "validator can't be null (topic '" + name + "')");
        return new Topic<>(name, keyCodec, valueCodec, partitions, replication, retention, compacted, configs,
                validator, ingress, ingressKey, eventTimeField, eventTime);
    }

    /**
     * A copy that accepts records over the worker's HTTP ingress, {@code POST /topics/<name>?key=K}
     * (hopeit's send-message). Topics without it answer 404 there.
     */
    public Topic<K, V> withIngress() {
        return new Topic<>(name, keyCodec, valueCodec, partitions, replication, retention, compacted, configs,
                validator, true, ingressKey, eventTimeField, eventTime);
    }

    /** Like {@link #withIngress()}, taking the key from the value when the request gives no {@code ?key=}. */
    public Topic<K, V> withIngress(java.util.function.Function<V, K> keyOf) {
        Objects.requireNonNull(keyOf, "keyOf can't be null (topic '" + name + "')");
        return new Topic<>(name, keyCodec, valueCodec, partitions, replication, retention, compacted, configs,
                validator, true, keyOf, eventTimeField, eventTime);
    }

    /**
     * A copy whose records' event time is a field of the value, instead of the Kafka record's own
     * timestamp: windows, joins, stream-time timers and late-record decisions read it. A record whose
     * field is missing or {@code null} goes to the dead-letter topic (kind {@code rejected}) with a
     * message naming the topic, partition, offset and field; it does not move stream time.
     *
     * <pre>{@code
     * Topic<String, PaymentReceived> received = app.topic(Topic.of("incoming_payment_received", Codec.string(),
     *         Codec.json(PaymentReceived.class)).withEventTime("receivedAt", PaymentReceived::receivedAt));
     * }</pre>
     *
     * @param field the field's name, for error messages
     */
    public Topic<K, V> withEventTime(String field, java.util.function.Function<V, Instant> eventTime) {
        LegalNames.requireLegal("event-time field", field);
        Objects.requireNonNull(eventTime, "eventTime can't be null (topic '" + name + "')");
        return new Topic<>(name, keyCodec, valueCodec, partitions, replication, retention, compacted, configs,
                validator, ingress, ingressKey, field, eventTime);
    }

    /** Whether the topic's event time is a field of its values ({@link #withEventTime}). */
    public boolean hasEventTime() {
        return eventTime != null;
    }

    /** The name of the event-time field, or {@code null} when the record timestamp is the event time. */
    public String eventTimeField() {
        return eventTimeField;
    }

    /**
     * The event time of {@code value} by {@link #withEventTime}, or {@code null} when the value or its
     * field is missing (or the topic has no event-time field).
     */
    public Instant eventTimeOf(V value) {
        if (eventTime == null || value == null) {
            return null;
        }
        return eventTime.apply(value);
    }

    /** The problem {@link #withValidator validator} finds with {@code value}, or {@code null}. */
    public String problemWith(V value) {
        return validator == null ? null : validator.problem(value);
    }

    /** Whether the worker's HTTP ingress accepts records for this topic. */
    public boolean acceptsIngress() {
        return ingress;
    }

    /** The key the ingress gives a value that came without {@code ?key=}; empty without an extractor. */
    public Optional<K> ingressKeyOf(V value) {
        return ingressKey == null ? Optional.empty() : Optional.ofNullable(ingressKey.apply(value));
    }

    private Topic<K, V> copy(Integer partitions, Short replication, Duration retention, boolean compacted,
            Map<String, String> configs) {
        return new Topic<>(name, keyCodec, valueCodec, partitions, replication, retention, compacted, configs,
                validator, ingress, ingressKey, eventTimeField, eventTime);
    }

    /**
     * A source that reads this topic with a new key: records go through a repartition topic named
     * after {@code name}, so tables keyed by the new key are co-partitioned with it (Faust's
     * {@code group_by}).
     *
     * <pre>{@code
     * app.agent("balance", received.rekey("by-account", (id, p) -> p.accountId(), Codec.string()),
     *         (account, payment, ctx) -> ctx.table(balances).merge(account, payment.amount(), BigDecimal::add))
     *    .uses(balances);
     * }</pre>
     */
    public <R> Source<R, V> rekey(String name, KeySelector<K, V, R> selector, Codec<R> keyCodec) {
        LegalNames.requireLegal("re-key", name);
        Objects.requireNonNull(selector, "selector can't be null (re-key '" + name + "')");
        Objects.requireNonNull(keyCodec, "keyCodec can't be null (re-key '" + name + "')");
        return new RekeyedSource<>(name, this, selector, keyCodec);
    }

    /**
     * A source that reads each record of this topic once per id: copies of a record (same id, within
     * the dedupe's retention of event time) after the first are dropped, whichever partition they came
     * in on. The records are re-keyed by the id through a repartition topic named after {@code name},
     * so a payment sent twice by producers with different partitioners (Java's, librdkafka's, a
     * custom one) still meets its copy; the reader sees the id as the key.
     *
     * <pre>{@code
     * Source<String, PaymentReceived> once = received.dedupe("received-once",
     *         Dedupe.by(PaymentReceived::paymentId, Codec.string()).within(Duration.ofHours(24)));
     * app.agent("attribute", once, (paymentId, payment, ctx) -> ...);
     * }</pre>
     */
    public <I> DedupedSource<K, V, I> dedupe(String name, Dedupe<V, I> dedupe) {
        LegalNames.requireLegal("dedupe", name);
        Objects.requireNonNull(dedupe, "dedupe can't be null (dedupe '" + name + "')");
        return new DedupedSource<>(name, this, dedupe);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Codec<K> keyCodec() {
        return keyCodec;
    }

    @Override
    public Codec<V> valueCodec() {
        return valueCodec;
    }

    /** Partitions to create the topic with; empty means the app's default. */
    public OptionalInt partitions() {
        return partitions == null ? OptionalInt.empty() : OptionalInt.of(partitions);
    }

    /** Replication factor to create the topic with; empty means the app's default. */
    public Optional<Short> replication() {
        return Optional.ofNullable(replication);
    }

    /** Retention to create the topic with; empty means the broker's default. */
    public Optional<Duration> retention() {
        return Optional.ofNullable(retention);
    }

    /** Whether the topic is compacted. */
    public boolean compacted() {
        return compacted;
    }

    /** Every topic-level setting to create the topic with, retention and compaction included. */
    public Map<String, String> topicConfigs() {
        Map<String, String> all = new LinkedHashMap<>(configs);
        if (retention != null) {
            all.put("retention.ms", Long.toString(retention.toMillis()));
        }
        if (compacted) {
            all.put("cleanup.policy", "compact");
        }
        return Collections.unmodifiableMap(all);
    }

    /** The Kafka serde of the keys, for the Kafka Streams DSL. */
    public Serde<K> keySerde() {
        return keySerde;
    }

    /** The Kafka serde of the values, for the Kafka Streams DSL. */
    public Serde<V> valueSerde() {
        return valueSerde;
    }

    /** How the DSL reads this topic: {@code builder.stream(topic.name(), topic.consumed())}. */
    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde);
    }

    /** How the DSL writes this topic: {@code stream.to(topic.name(), topic.produced())}. */
    public Produced<K, V> produced() {
        return Produced.with(keySerde, valueSerde);
    }

    /**
     * This topic as a Kafka Streams {@link KStream}, for {@link App#streams(String, StreamsBlock)}:
     * the same as {@link DslBuilder#stream(Topic) builder.stream(topic)}. Within one app each topic
     * is read once, so agents and DSL blocks over the same topic share one source node named
     * {@code source-<topic>}. Outside a Mephisto app, read it with
     * {@code streamsBuilder.stream(topic.name(), topic.consumed())}.
     *
     * <pre>{@code
     * app.streams("reconcile", builder -> received.stream(builder).join(processed.stream(builder), ...));
     * }</pre>
     */
    public KStream<K, V> stream(DslBuilder builder) {
        Objects.requireNonNull(builder, "builder can't be null (topic '" + name + "')");
        return builder.stream(this);
    }

    /**
     * Reads this topic whole into a global key-value store on every worker, for the DSL blocks of
     * {@link App#streams(String, StreamsBlock)}: processors read it with
     * {@code context.getStateStore(storeName)} as a {@code TimestampedKeyValueStore<K, V>}. A record
     * that does not decode goes to the dead-letter topic like one on any other topic, the worker
     * carries on, and the record never enters the store, also when a worker restores the store from
     * the topic after a restart (Kafka Streams' own {@code builder.globalTable(...)} copies raw bytes
     * on restore, so a bad record restored there fails every later read of its key). A tombstone
     * deletes the key; a record without a key is skipped.
     *
     * <pre>{@code
     * app.streams("route", builder -> {
     *     rooms.globalStore(builder, "room-directory");
     *     events.stream(builder).process(() -> new Route("room-directory"));
     * });
     * }</pre>
     */
    public void globalStore(DslBuilder builder, String storeName) {
        Objects.requireNonNull(builder, "builder can't be null (topic '" + name + "')");
        LegalNames.requireLegal("global store", storeName);
        builder.globalStore(this, storeName);
    }

    /** Writes a DSL stream to this topic with its codecs. */
    public void to(KStream<K, V> stream) {
        Objects.requireNonNull(stream, "stream can't be null");
        stream.to(name, produced());
    }

    /** Whether two descriptions create and read the same topic the same way. */
    boolean sameAs(Topic<?, ?> other) {
        return name.equals(other.name) && keyCodec.equals(other.keyCodec) && valueCodec.equals(other.valueCodec)
                && Objects.equals(partitions, other.partitions) && Objects.equals(replication, other.replication)
                && Objects.equals(retention, other.retention) && compacted == other.compacted
                && configs.equals(other.configs) && validator == other.validator && ingress == other.ingress
                && ingressKey == other.ingressKey && eventTime == other.eventTime
                && Objects.equals(eventTimeField, other.eventTimeField);
    }

    @Override
    public String toString() {
        return "Topic(" + name + ", " + keyCodec.describe() + " -> " + valueCodec.describe() + ")";
    }
}
