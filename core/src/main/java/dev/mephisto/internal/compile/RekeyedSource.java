package dev.mephisto.internal.compile;

import dev.mephisto.Codec;
import dev.mephisto.KeySelector;
import dev.mephisto.Source;
import dev.mephisto.Topic;

/** A topic read with a new key through a named repartition topic. */
public final class RekeyedSource<K, V, R> implements Source<R, V> {

    private final String name;
    private final Topic<K, V> topic;
    private final KeySelector<K, V, R> selector;
    private final Codec<R> keyCodec;

    public RekeyedSource(String name, Topic<K, V> topic, KeySelector<K, V, R> selector, Codec<R> keyCodec) {
        this.name = name;
        this.topic = topic;
        this.selector = selector;
        this.keyCodec = keyCodec;
    }

    @Override
    public String name() {
        return name;
    }

    public Topic<K, V> topic() {
        return topic;
    }

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
