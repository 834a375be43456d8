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
    private final boolean cached;

    KeyValueTable(String name, Codec<K> keyCodec, Codec<V> valueCodec, boolean inMemory, boolean cached) {
        super(name, keyCodec, valueCodec);
        this.inMemory = inMemory;
        this.cached = cached;
    }

    /** A copy held in memory instead of RocksDB; still restored from its changelog after a restart. */
    public KeyValueTable<K, V> inMemory() {
        return new KeyValueTable<>(name(), keyCodec(), valueCodec(), true, cached);
    }

    /**
     * A copy whose writes collect in a record cache and reach the store and its changelog once per key
     * per commit: a key written many times between two commits (a balance per account, a count per
     * word) costs one store write and one changelog record instead of one per write, and its reads
     * are served from the cache. Agents see their own writes at once, as without the cache.
     *
     * <p>What changes is what the changelog holds: only the last value of each key at each commit,
     * not every write. Use it when nothing reads the changelog for the steps in between. The cache is
     * Kafka Streams' ({@code statestore.cache.max.bytes}, 10 MiB per worker by default, shared by its
     * threads); a full cache writes its oldest keys early. Under at-least-once, commits come every
     * 30 s by default, so the changelog (and a restart's restore) trails the store by up to that.
     *
     * <pre>{@code
     * KeyValueTable<String, Balance> balances = app.table(
     *         Table.of("balances", Codec.string(), Codec.json(Balance.class)).cached());
     * }</pre>
     */
    public KeyValueTable<K, V> cached() {
        return new KeyValueTable<>(name(), keyCodec(), valueCodec(), inMemory, true);
    }

    public boolean isInMemory() {
        return inMemory;
    }

    /** Whether its writes go through a record cache: see {@link #cached()}. */
    public boolean isCached() {
        return cached;
    }

    @Override
    public String kind() {
        return "key-value" + (inMemory && cached ? " (in memory, cached)" : inMemory ? " (in memory)"
                : cached ? " (cached)" : "");
    }

    @Override
    public String toString() {
        return "KeyValueTable(" + name() + ", " + keyCodec().describe() + " -> " + valueCodec().describe() + ")";
    }
}
