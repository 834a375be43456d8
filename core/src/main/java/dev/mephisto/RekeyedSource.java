package dev.mephisto;

/**
 * A topic read with a new key, through a repartition topic named after the re-key: what
 * {@link Topic#rekey(String, KeySelector, Codec)} returns, for an agent to read.
 *
 * <pre>{@code
 * Source<String, Payment> byAccount = received.rekey("by-account", (id, p) -> p.accountId(), Codec.string());
 * }</pre>
 *
 * @param <K> the topic's key type
 * @param <V> value type
 * @param <R> the new key type
 */
public final class RekeyedSource<K, V, R> implements Source<R, V> {

    private final String name;
    private final Topic<K, V> topic;
    private final KeySelector<K, V, R> selector;
    private final Codec<R> keyCodec;

    RekeyedSource(String name, Topic<K, V> topic, KeySelector<K, V, R> selector, Codec<R> keyCodec) {
        this.name = name;
        this.topic = topic;
        this.selector = selector;
        this.keyCodec = keyCodec;
    }

    @Override
    public String name() {
        return name;
    }

    /** The topic re-keyed. */
    public Topic<K, V> topic() {
        return topic;
    }

    /** Picks each record's new key. */
    public KeySelector<K, V, R> selector() {
        return selector;
    }

    @Override
    public Codec<R> keyCodec() {
        return keyCodec;
    }

    @Override
    public Codec<V> valueCodec() {
        return topic.valueCodec();
    }

    @Override
    public String toString() {
        return "rekey(" + name + " of " + topic.name() + ")";
    }
}
