package dev.mephisto;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * An immutable description of a key-value table (Faust's {@code Table}): a state store that every
 * agent declaring it with {@link Agent#uses(Table[])} can read and write, backed by a compacted
 * changelog topic {@code <application id>-<name>-changelog} so it survives restarts and moves with
 * its partitions.
 *
 * <p>Tables are partitioned like the agent's source: an agent sees the part of the table that
 * belongs to its source partition. Re-key the source with {@link Topic#rekey} so the table's key
 * is the record's key.
 *
 * <pre>{@code
 * Table<String, Long> counts = app.table("word-counts", Codec.string(), Codec.int64());
 * app.agent("count", words, (word, ignored, ctx) -> ctx.table(counts).merge(word, 1L, Long::sum))
 *    .uses(counts);
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Table<K, V> {

    private final String name;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private final boolean inMemory;

    private Table(String name, Codec<K> keyCodec, Codec<V> valueCodec, boolean inMemory) {
        this.name = name;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.inMemory = inMemory;
    }

    /** A persistent (RocksDB) table; declare it with {@link App#table(Table)}. */
    public static <K, V> Table<K, V> of(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        LegalNames.requireLegal("table", name);
        Objects.requireNonNull(keyCodec, "keyCodec can't be null (table '" + name + "')");
        Objects.requireNonNull(valueCodec, "valueCodec can't be null (table '" + name + "')");
        return new Table<>(name, keyCodec, valueCodec, false);
    }

    /** A copy held in memory instead of RocksDB; still restored from its changelog after a restart. */
    public Table<K, V> inMemory() {
        return new Table<>(name, keyCodec, valueCodec, true);
    }

    public String name() {
        return name;
    }

    public Codec<K> keyCodec() {
        return keyCodec;
    }

    public Codec<V> valueCodec() {
        return valueCodec;
    }

    public boolean isInMemory() {
        return inMemory;
    }

    /** The Kafka serde of the keys. */
    public Serde<K> keySerde() {
        return keyCodec.keySerde();
    }

    /** The Kafka serde of the values. */
    public Serde<V> valueSerde() {
        return valueCodec.valueSerde();
    }

    @Override
    public String toString() {
        return "Table(" + name + ", " + keyCodec.describe() + " -> " + valueCodec.describe() + ")";
    }
}
