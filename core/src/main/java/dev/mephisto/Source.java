package dev.mephisto;

/**
 * Something an agent reads: a declared {@link Topic}, or a topic re-keyed with
 * {@link Topic#rekey(String, KeySelector, Codec)}.
 *
 * @param <K> key type the agent sees
 * @param <V> value type the agent sees
 */
public interface Source<K, V> {

    /** The name of this source: the topic's name, or the re-key's name. */
    String name();

    /** The codec of the keys the agent sees. */
    Codec<K> keyCodec();

    /** The codec of the values the agent sees. */
    Codec<V> valueCodec();
}
