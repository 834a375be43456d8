package dev.mephisto.internal.compile;

import dev.mephisto.internal.model.AppModel;
import dev.mephisto.internal.model.Names;
import dev.mephisto.Codec;
import dev.mephisto.DslBuilder;
import dev.mephisto.RekeyedSource;
import dev.mephisto.Topic;
import dev.mephisto.DedupedSource;
import dev.mephisto.Source;
import dev.mephisto.internal.model.AgentSpec;
import dev.mephisto.internal.model.JoinSpec;
import dev.mephisto.internal.runtime.DedupeProcessor;
import dev.mephisto.internal.runtime.KeyRoute;
import dev.mephisto.internal.runtime.Rejection;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.Stores;
import dev.mephisto.internal.runtime.EventTimeCheck;
import dev.mephisto.internal.runtime.EventTimeExtractor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The builder an app compiles with, and the {@link DslBuilder} its DSL blocks get: each declared
 * topic becomes exactly one source node, shared by agents and DSL blocks, and every topic a DSL
 * block reads must be declared.
 */
public final class CompilingStreamsBuilder extends StreamsBuilder implements DslBuilder {

    private final AppModel app;
    private final List<String> problems;
    private final Map<String, KStream<?, ?>> sources = new HashMap<>();
    private final Map<String, KStream<?, ?>> rekeyed = new HashMap<>();
    private String currentBlock;

    CompilingStreamsBuilder(AppModel app, TopologyConfig config, List<String> problems) {
        super(config);
        this.app = app;
        this.problems = problems;
    }

    void enterBlock(String block) {
        currentBlock = block;
    }

    /** The one stream of a declared topic; its source node is named {@code source-<topic>}. */
    @Override
    @SuppressWarnings("unchecked")
    public <K, V> KStream<K, V> stream(Topic<K, V> topic) {
        if (currentBlock != null && !app.topics().containsKey(topic.name())) {
            problems.add("DSL block '" + currentBlock + "' reads topic '" + topic.name()
                    + "', which the app does not declare: declare it with app.topic(...)");
        }
        return (KStream<K, V>) sources.computeIfAbsent(topic.name(), name -> read(topic));
    }

    /**
     * A topic's source node; with an event-time field, its timestamps read from the value and a
     * node after it that dead-letters records without one.
     */
    private <K, V> KStream<K, V> read(Topic<K, V> topic) {
        if (!topic.hasEventTime()) {
            return stream(topic.name(), topic.consumed().withName(Names.source(topic.name())));
        }
        String check = Names.eventTimeCheck(topic.name());
        return stream(topic.name(), topic.consumed().withName(Names.source(topic.name()))
                .withTimestampExtractor(new EventTimeExtractor(topic)))
                .processValues(() -> new EventTimeCheck<K, V>(topic, check), Named.as(check));
    }

    /** The node an agent or join reading {@code topic} hangs under: its source, or its event-time check. */
    static String readNode(Topic<?, ?> topic) {
        return topic.hasEventTime() ? Names.eventTimeCheck(topic.name()) : Names.source(topic.name());
    }

    @Override
    public <K, V> void globalStore(Topic<K, V> topic, String storeName) {
        GlobalStore.add(this, topic, storeName);
    }

    @Override
    public StreamsBuilder kafka() {
        return this;
    }

    /**
     * The one stream of a re-key: keyed by its selector, through {@code <app id>-<name>-repartition};
     * when its topic declares a partition count (and no join reads that topic beside it), a record
     * already on its new key's partition stays where it is and only the others cross the topic (see
     * {@link #routed}).
     *
     * @param repartitionTopic the name Kafka Streams gives the repartition topic
     */
    <K, V, R> void rekey(RekeyedSource<K, V, R> source, String repartitionTopic) {
        if (rekeyed.containsKey(source.name())) {
            return;
        }
        KStream<R, V> keyed = stream(source.topic())
                .selectKey((key, value) -> selectKey(source, key, value), Named.as(Names.rekeySelect(source.name())));
        rekeyed.put(source.name(), routesLocally(app, source.topic(), source)
                ? routed(keyed, source.name(), source.topic(), source.keyCodec(), repartitionTopic)
                : keyed.repartition(repartitioned(source.name(), source.topic(), source.keyCodec())));
    }

    /**
     * The one stream of a dedupe: keyed by its id, then its dedupe node with its store of seen ids.
     * When its topic declares a partition count (and no join reads that topic beside the dedupe), a
     * record already on its id's partition goes straight to the dedupe node and only the others
     * through {@code <app id>-<name>-repartition} (see {@link #routed}); otherwise every record
     * goes through it.
     *
     * @param repartitionTopic the name Kafka Streams gives the repartition topic
     */
    <K, V, I> void dedupe(DedupedSource<K, V, I> source, String repartitionTopic) {
        if (rekeyed.containsKey(source.name())) {
            return;
        }
        String seen = Names.dedupeStore(source.name());
        addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(seen),
                source.keyCodec().keySerde(), Serdes.ByteArray()));
        KStream<I, V> keyed = stream(source.topic())
                .selectKey((key, value) -> idOf(source, value), Named.as(Names.rekeySelect(source.name())));
        KStream<I, V> byId = routesLocally(app, source.topic(), source)
                ? routed(keyed, source.name(), source.topic(), source.keyCodec(), repartitionTopic)
                : keyed.repartition(repartitioned(source.name(), source.topic(), source.keyCodec()));
        rekeyed.put(source.name(), byId.processValues(() -> new DedupeProcessor<I, V>(source),
                Named.as(Names.dedupe(source.name())), seen));
    }

    private static <R, V> Repartitioned<R, V> repartitioned(String name, Topic<?, V> topic, Codec<R> keys) {
        return Repartitioned.<R, V>as(name).withKeySerde(keys.keySerde()).withValueSerde(topic.valueSerde());
    }

    /**
     * A re-keyed stream of {@code topic} whose records already on their new key's partition stay in
     * their task, and whose others cross {@code repartitionTopic}, partitioned the same way (see
     * {@link KeyRoute}); the two meet again in node {@code <name>-merge}.
     */
    private static <R, V> KStream<R, V> routed(KStream<R, V> keyed, String name, Topic<?, V> topic, Codec<R> keys,
            String repartitionTopic) {
        int partitions = topic.partitions().getAsInt();
        KeyRoute<R, V> route = new KeyRoute<>(repartitionTopic, partitions, keys.keySerde().serializer());
        KStream<R, V> local = keyed.processValues(() -> route.filter(true), Named.as(Names.keyRoute(name, true)));
        KStream<R, V> moved = keyed.processValues(() -> route.filter(false), Named.as(Names.keyRoute(name, false)))
                .repartition(repartitioned(name, topic, keys).withNumberOfPartitions(partitions)
                        .withStreamPartitioner(route));
        return local.merge(moved, Named.as(Names.keyRouteMerge(name)));
    }

    /**
     * Whether a dedupe or re-key of {@code topic} handles records already on their new key's
     * partition where they are: the topic declares its partition count, and no join reads that
     * topic (directly or through another dedupe or re-key) on the other side of {@code self}, which
     * could then not tell its sides apart by topic.
     */
    static boolean routesLocally(AppModel app, Topic<?, ?> topic, Source<?, ?> self) {
        if (topic.partitions().isEmpty()) {
            return false;
        }
        for (AgentSpec agent : app.agents()) {
            if (agent.join() instanceof JoinSpec<?, ?, ?> join) {
                Source<?, ?> other = join.left() == self ? join.right() : join.right() == self ? join.left() : null;
                if (other != null && topic.name().equals(readsTopic(other))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The topic a source's records come from, for a topic, a dedupe or a re-key. */
    static Topic<?, ?> sourceTopic(Source<?, ?> source) {
        if (source instanceof Topic<?, ?> topic) {
            return topic;
        }
        if (source instanceof DedupedSource<?, ?, ?> deduped) {
            return deduped.topic();
        }
        return source instanceof RekeyedSource<?, ?, ?> rekeyed ? rekeyed.topic() : null;
    }

    private static String readsTopic(Source<?, ?> source) {
        Topic<?, ?> topic = sourceTopic(source);
        return topic == null ? null : topic.name();
    }

    private static <V, I> I idOf(DedupedSource<?, V, I> source, V value) {
        if (value == null) {
            throw new Rejection(Names.rekeySelect(source.name()), "dedupe '" + source.name() + "' of topic '"
                    + source.topic().name() + "' got a record without a value: it has no id to deduplicate by");
        }
        I id = source.dedupe().id().apply(value);
        if (id == null) {
            throw new Rejection(Names.rekeySelect(source.name()), "dedupe '" + source.name() + "' of topic '"
                    + source.topic().name() + "' got a record whose id is null: producers must set it");
        }
        return id;
    }

    private static <K, V, R> R selectKey(RekeyedSource<K, V, R> source, K key, V value) {
        try {
            return source.selector().select(key, value);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("re-key '" + source.name() + "' failed to select a key: " + e, e);
        }
    }
}
