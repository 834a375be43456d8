package dev.mephisto;

/**
 * A topic read once per id: what {@link Topic#dedupe(String, Dedupe)} returns, for an agent or a join
 * to read. Records go through a repartition topic keyed by the id ({@code <application id>-<name>-repartition}),
 * so copies of one record meet on one partition whatever partitioner their producers used; the node
 * {@code <name>-dedupe} lets the first through and remembers its id in the store {@code <name>-seen}.
 *
 * <pre>{@code
 * Source<String, PaymentReceived> once = received.dedupe("received-once",
 *         Dedupe.by(PaymentReceived::paymentId, Codec.string()).within(Duration.ofHours(24)));
 * }</pre>
 *
 * @param <K> the topic's key type
 * @param <V> value type
 * @param <I> id type: the key the reader sees
 */
public final class DedupedSource<K, V, I> implements Source<I, V> {

    private final String name;
    private final Topic<K, V> topic;
    private final Dedupe<V, I> dedupe;

    DedupedSource(String name, Topic<K, V> topic, Dedupe<V, I> dedupe) {
        this.name = name;
        this.topic = topic;
        this.dedupe = dedupe;
    }

    @Override
    public String name() {
        return name;
    }

    /** The topic deduplicated. */
    public Topic<K, V> topic() {
        return topic;
    }

    /** How copies are recognised. */
    public Dedupe<V, I> dedupe() {
        return dedupe;
    }

    @Override
    public Codec<I> keyCodec() {
        return dedupe.idCodec();
    }

    @Override
    public Codec<V> valueCodec() {
        return topic.valueCodec();
    }

    @Override
    public String toString() {
        return "dedupe(" + name + " of " + topic.name() + ", " + dedupe + ")";
    }
}
