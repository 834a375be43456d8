package dev.mephisto.internal.compile;

import dev.mephisto.RekeyedSource;
import dev.mephisto.DedupedSource;
import dev.mephisto.internal.model.AgentSpec;
import dev.mephisto.internal.model.AppModel;
import dev.mephisto.internal.model.JoinSpec;
import dev.mephisto.internal.model.Names;
import dev.mephisto.InvalidAppException;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Source;
import dev.mephisto.Table;
import dev.mephisto.Topic;
import dev.mephisto.VersionedTable;
import dev.mephisto.WindowedTable;
import dev.mephisto.internal.runtime.AgentMetrics;
import dev.mephisto.internal.runtime.AgentProcessor;
import dev.mephisto.internal.runtime.JoinProcessor;
import dev.mephisto.internal.model.AgentWiring;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Compiles an app's declarations into one Kafka Streams {@link Topology}: sources and DSL blocks
 * through the {@link CompilingStreamsBuilder}, then each agent as a Processor API node with a sink
 * per declared output and its tables' stores.
 */
public final class TopologyCompiler {

    private final AppModel app;
    private final Properties streamsProperties;

    public TopologyCompiler(AppModel app, Properties streamsProperties) {
        this.app = app;
        this.streamsProperties = streamsProperties;
    }

    public CompiledApp compile() {
        List<String> problems = new ArrayList<>(app.declarationProblems());
        new Validation(app, problems).run();
        if (!problems.isEmpty()) {
            throw new InvalidAppException(app.appName(), problems);
        }
        Properties topologyProps = new Properties();
        topologyProps.putAll(streamsProperties);
        topologyProps.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        CompilingStreamsBuilder builder =
                new CompilingStreamsBuilder(app, new TopologyConfig(new StreamsConfig(topologyProps)), problems);
        for (AgentSpec agent : app.agents()) {
            for (Source<?, ?> source : agent.sourceList()) {
                if (source instanceof Topic<?, ?> topic) {
                    builder.stream(topic);
                } else if (source instanceof RekeyedSource<?, ?, ?> rekeyed) {
                    builder.rekey(rekeyed, topicOf(rekeyed));
                } else if (source instanceof DedupedSource<?, ?, ?> deduped) {
                    builder.dedupe(deduped, topicOf(deduped));
                }
            }
        }
        for (AppModel.StreamsBlockSpec block : app.streamsBlocks()) {
            builder.enterBlock(block.name());
            try {
                block.block().build(builder);
            } catch (Exception e) {
                problems.add("DSL block '" + block.name() + "' failed to build: " + e.getMessage());
            }
        }
        builder.enterBlock(null);
        if (!problems.isEmpty()) {
            throw new InvalidAppException(app.appName(), problems);
        }
        Topology topology;
        try {
            topology = builder.build();
        } catch (RuntimeException e) {
            throw new InvalidAppException(app.appName(), List.of("Kafka Streams refused the DSL blocks: "
                    + String.valueOf(e.getMessage()).strip().replace("\n", "; ")
                    + ". Every store and internal topic needs a name that survives redeploys: Materialized.as(...) for"
                    + " stores, Grouped.as(...) or Repartitioned.as(...) for repartition topics,"
                    + " StreamJoined.withName(...).withStoreName(...) for joins"));
        }
        List<AgentMetrics> metrics = addAgents(topology);
        app.close();
        return new CompiledApp(topology, metrics);
    }

    private List<AgentMetrics> addAgents(Topology topology) {
        List<AgentMetrics> allMetrics = new ArrayList<>();
        Set<String> addedStores = new HashSet<>();
        Map<String, String> closingOwners = closingOwners();
        for (AgentSpec agent : app.agents()) {
            String[] parents = agent.sourceList().stream()
                    .map(this::readNode)
                    .toArray(String[]::new);
            Map<String, String> sinks = new LinkedHashMap<>();
            agent.sendsToTopics().keySet().forEach(topic -> sinks.put(topic, Names.sink(agent.name(), topic)));
            Map<String, Table<?, ?, ?>> tables = declaredTables(agent);
            List<WindowedTable<?, ?>> closes = new ArrayList<>();
            tables.values().forEach(table -> {
                if (table instanceof WindowedTable<?, ?> windowed && agent.name().equals(closingOwners.get(table.name()))) {
                    closes.add(windowed);
                }
            });
            closes.forEach(table -> table.closedWindowsTopic()
                    .ifPresent(topic -> sinks.putIfAbsent(topic.name(), Names.sink(agent.name(), topic.name()))));
            AgentMetrics metrics = new AgentMetrics(agent.name());
            allMetrics.add(metrics);
            AgentWiring wiring = new AgentWiring(agent, sinks, tables, closes);
            if (agent.join() != null) {
                Map<String, Boolean> leftByTopic = new HashMap<>();
                topicsOf(((JoinSpec<?, ?, ?>) agent.join()).left()).forEach(topic -> leftByTopic.put(topic, true));
                topicsOf(((JoinSpec<?, ?, ?>) agent.join()).right()).forEach(topic -> leftByTopic.put(topic, false));
                topology.addProcessor(agent.name(), () -> new JoinProcessor(wiring, leftByTopic, metrics), parents);
                for (String store : List.of(Names.joinSideStore(agent.name(), true),
                        Names.joinSideStore(agent.name(), false))) {
                    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                            Serdes.Bytes(), Serdes.ByteArray()), agent.name());
                }
            } else {
                topology.addProcessor(agent.name(), () -> new AgentProcessor(wiring, metrics), parents);
            }
            sinks.forEach((topicName, sinkName) -> {
                Topic<?, ?> topic = app.topics().get(topicName);
                topology.addSink(sinkName, topicName, topic.keySerde().serializer(), topic.valueSerde().serializer(),
                        agent.name());
            });
            for (Table<?, ?, ?> table : tables.values()) {
                connectStore(topology, addedStores, agent.name(), table.name(),
                        () -> topology.addStateStore(store(table), agent.name()));
                if (table instanceof WindowedTable<?, ?> windowed && windowed.emitsClosedWindows()) {
                    String watermark = Names.windowWatermarkStore(table.name());
                    connectStore(topology, addedStores, agent.name(), watermark, () -> topology.addStateStore(
                            Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(watermark),
                                    Serdes.String(), Serdes.Long()),
                            agent.name()));
                }
            }
        }
        return allMetrics;
    }

    /** The Kafka topic an agent reading {@code source} gets its records from. */
    private String topicOf(Source<?, ?> source) {
        return source instanceof Topic<?, ?> ? source.name()
                : Names.repartitionTopic(streamsProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG),
                        source.name());
    }

    /**
     * Every Kafka topic a join side reading {@code source} gets records from: a dedupe or re-key that
     * routes in place reads its own topic as well as its repartition topic.
     */
    private List<String> topicsOf(Source<?, ?> source) {
        if (routesLocally(source)) {
            return List.of(CompilingStreamsBuilder.sourceTopic(source).name(), topicOf(source));
        }
        return List.of(topicOf(source));
    }

    private boolean routesLocally(Source<?, ?> source) {
        return (source instanceof DedupedSource<?, ?, ?> || source instanceof RekeyedSource<?, ?, ?>)
                && CompilingStreamsBuilder.routesLocally(app, CompilingStreamsBuilder.sourceTopic(source), source);
    }

    /** The node an agent reading {@code source} hangs under. */
    private String readNode(Source<?, ?> source) {
        if (source instanceof DedupedSource<?, ?, ?>) {
            return Names.dedupe(source.name());
        }
        if (source instanceof Topic<?, ?> topic) {
            return CompilingStreamsBuilder.readNode(topic);
        }
        return routesLocally(source) ? Names.keyRouteMerge(source.name()) : Names.rekeySource(source.name());
    }

    /** The state store of a table: a key-value store, or a window store keyed by window start. */
    private static StoreBuilder<?> store(Table<?, ?, ?> table) {
        if (table instanceof WindowedTable<?, ?> windowed && windowed.window().isSession()) {
            return sessionStore(windowed);
        }
        if (table instanceof WindowedTable<?, ?> windowed) {
            return windowStore(windowed);
        }
        if (table instanceof VersionedTable<?, ?> versioned) {
            return versionedStore(versioned);
        }
        return keyValueStore((KeyValueTable<?, ?>) table);
    }

    private static <K, V> StoreBuilder<VersionedKeyValueStore<K, V>> versionedStore(VersionedTable<K, V> table) {
        return Stores.versionedKeyValueStoreBuilder(Stores.persistentVersionedKeyValueStore(table.name(),
                table.history()), table.keySerde(), table.valueSerde());
    }

    private static <K, V> StoreBuilder<KeyValueStore<K, V>> keyValueStore(KeyValueTable<K, V> table) {
        StoreBuilder<KeyValueStore<K, V>> builder = Stores.keyValueStoreBuilder(table.isInMemory()
                        ? Stores.inMemoryKeyValueStore(table.name()) : Stores.persistentKeyValueStore(table.name()),
                table.keySerde(), table.valueSerde());
        return table.isCached() ? builder.withCachingEnabled() : builder;
    }

    private static <K, V> StoreBuilder<SessionStore<K, V>> sessionStore(WindowedTable<K, V> table) {
        return Stores.sessionStoreBuilder(Stores.persistentSessionStore(table.name(), table.window().retention()),
                table.keySerde(), table.valueSerde());
    }

    private static <K, V> StoreBuilder<WindowStore<K, V>> windowStore(WindowedTable<K, V> table) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(table.name(), table.window().retention(),
                table.window().size(), false), table.keySerde(), table.valueSerde());
    }

    private static void connectStore(Topology topology, Set<String> added, String agent, String store, Runnable add) {
        if (added.add(store)) {
            add.run();
        } else {
            topology.connectProcessorAndStateStores(agent, store);
        }
    }

    /** The agent that closes each windowed table's windows: the first one declared that uses it. */
    private Map<String, String> closingOwners() {
        Map<String, String> owners = new LinkedHashMap<>();
        for (AgentSpec agent : app.agents()) {
            for (String table : agent.tableMap().keySet()) {
                if (app.tables().get(table) instanceof WindowedTable<?, ?> declared && declared.emitsClosedWindows()) {
                    owners.putIfAbsent(table, agent.name());
                }
            }
        }
        return owners;
    }

    /** The app's declarations of the tables an agent uses (validation made sure they match in kind). */
    private Map<String, Table<?, ?, ?>> declaredTables(AgentSpec agent) {
        Map<String, Table<?, ?, ?>> tables = new LinkedHashMap<>();
        agent.tableMap().keySet().forEach(name -> tables.put(name, app.tables().get(name)));
        return tables;
    }
}
