package dev.mephisto.internal.compile;

import dev.mephisto.internal.model.AppModel;
import dev.mephisto.internal.model.Names;
import dev.mephisto.DslBuilder;
import dev.mephisto.RekeyedSource;
import dev.mephisto.Topic;
import dev.mephisto.DedupedSource;
import dev.mephisto.Source;
import dev.mephisto.internal.model.AgentSpec;
import dev.mephisto.internal.model.JoinSpec;
import dev.mephisto.internal.runtime.DedupeProcessor;
import dev.mephisto.internal.runtime.DedupeRoute;
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

    /** The one stream of a re-key, through its repartition topic {@code <app id>-<name>-repartition}. */
    @SuppressWarnings("unchecked")
    <K, V, R> void rekey(RekeyedSource<K, V, R> source) {
        rekeyed.computeIfAbsent(source.name(), name -> stream(source.topic())
                .selectKey((key, value) -> selectKey(source, key, value), Named.as(Names.rekeySelect(name)))
                .repartition(Repartitioned.<R, V>as(name)
                        .withKeySerde(source.keyCodec().keySerde())
                        .withValueSerde(source.topic().valueSerde())));
    }

    /**
     * The one stream of a dedupe: keyed by its id, then its dedupe node with its store of seen ids.
     * When its topic declares a partition count (and no join reads that topic beside the dedupe), a
     * record already on its id's partition goes straight to the dedupe node and only the others
     * through {@code <app id>-<name>-repartition} (see {@link DedupeRoute}); otherwise every record
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
        Repartitioned<I, V> repartitioned = Repartitioned.<I, V>as(source.name())
                .withKeySerde(source.keyCodec().keySerde())
                .withValueSerde(source.topic().valueSerde());
        KStream<I, V> byId;
        if (routesLocally(app, source)) {
            int partitions = source.topic().partitions().getAsInt();
            DedupeRoute<I, V> route = new DedupeRoute<>(repartitionTopic, partitions,
                    source.keyCodec().keySerde().serializer());
            KStream<I, V> local = keyed.processValues(() -> route.filter(true),
                    Named.as(Names.dedupeRoute(source.name(), true)));
            KStream<I, V> moved = keyed.processValues(() -> route.filter(false),
                            Named.as(Names.dedupeRoute(source.name(), false)))
                    .repartition(repartitioned.withNumberOfPartitions(partitions).withStreamPartitioner(route));
            byId = local.merge(moved, Named.as(Names.dedupeMerge(source.name())));
        } else {
            byId = keyed.repartition(repartitioned);
        }
        rekeyed.put(source.name(), byId.processValues(() -> new DedupeProcessor<I, V>(source),
                Named.as(Names.dedupe(source.name())), seen));
    }

    /**
     * Whether a dedupe deduplicates records on their own partition where they are: its topic declares
     * its partition count, and no join reads that topic (directly or through another dedupe) on
     * its other side, which could then not tell its sides apart by topic.
     */
    static boolean routesLocally(AppModel app, DedupedSource<?, ?, ?> source) {
        if (source.topic().partitions().isEmpty()) {
            return false;
        }
        for (AgentSpec agent : app.agents()) {
            if (agent.join() instanceof JoinSpec<?, ?, ?> join) {
                Source<?, ?> other = join.left() == source ? join.right() : join.right() == source ? join.left() : null;
                if (other != null && source.topic().name().equals(readsTopic(other))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String readsTopic(Source<?, ?> source) {
        if (source instanceof Topic<?, ?> topic) {
            return topic.name();
        }
        return source instanceof DedupedSource<?, ?, ?> deduped ? deduped.topic().name() : null;
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
