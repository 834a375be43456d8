package dev.mephisto;

/**
 * A key-value {@link Table}: a value per key, seen by an agent as a {@link LocalTable}. Made by
 * {@link Table#of} or {@link App#table(String, Codec, Codec)}.
 *
 * <pre>{@code
 * KeyValueTable<String, Long> counts = app.table("word-counts", Codec.string(), Codec.int64());
 * app.agent("count", words, (word, ignored, ctx) -> ctx.table(counts).merge(word, 1L, Long::sum))
 *    .uses(counts);
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class KeyValueTable<K, V> extends Table<K, V, LocalTable<K, V>> {

    private final boolean inMemory;

    KeyValueTable(String name, Codec<K> keyCodec, Codec<V> valueCodec, boolean inMemory) {
        super(name, keyCodec, valueCodec);
        this.inMemory = inMemory;
    }

    /** A copy held in memory instead of RocksDB; still restored from its changelog after a restart. */
    public KeyValueTable<K, V> inMemory() {
        return new KeyValueTable<>(name(), keyCodec(), valueCodec(), true);
    }

    public boolean isInMemory() {
        return inMemory;
    }

    @Override
    public String kind() {
        return inMemory ? "key-value (in memory)" : "key-value";
    }

    @Override
    public String toString() {
        return "KeyValueTable(" + name() + ", " + keyCodec().describe() + " -> " + valueCodec().describe() + ")";
    }
}
