package dev.mephisto.internal.web;

import dev.mephisto.Agent;
import dev.mephisto.Table;
import dev.mephisto.internal.model.Names;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The two zoom levels of an app's picture: what the user declared (topics, agents, tables, DSL
 * blocks, sinks and feeds) and what Kafka Streams runs (its source, processor and sink nodes, stores
 * and topics, one drawing per sub-topology).
 */
final class TopologyPicture {

    /** What the app declares, as names: the picture needs nothing else. */
    record Declared(String app, List<String> topics, List<Agent> agents, List<Table<?, ?, ?>> tables,
            List<String> blocks, Map<String, String> sinks, Map<String, String> feeds) {
        Declared {
            topics = List.copyOf(topics);
            agents = List.copyOf(agents);
            tables = List.copyOf(tables);
            blocks = List.copyOf(blocks);
            sinks = Map.copyOf(sinks);
            feeds = Map.copyOf(feeds);
        }
    }

    private TopologyPicture() {
    }

    /**
     * Agents, tables, topics, sinks and feeds; the DSL blocks as one node (their processors carry
     * no block name), joined to the topics their nodes read and write.
     */
    static GraphDrawing declared(Declared app, TopologyDescription description) {
        GraphDrawing graph = new GraphDrawing();
        Set<String> agentNodes = new HashSet<>();
        for (Agent agent : app.agents()) {
            agentNodes.add(agent.name());
            graph.node("a:" + agent.name(), agent.name(), GraphDrawing.Kind.AGENT);
            for (String source : agent.sources()) {
                if (!app.topics().contains(source)) {
                    graph.node("t:" + source, source, GraphDrawing.Kind.INTERNAL_TOPIC);
                    rekeyedFrom(description, source).forEach(topic -> graph
                            .node("t:" + topic, topic, GraphDrawing.Kind.TOPIC).edge("t:" + topic, "t:" + source, false));
                }
                graph.node("t:" + source, source, GraphDrawing.Kind.TOPIC).edge("t:" + source, "a:" + agent.name(), false);
            }
            for (String topic : agent.sendsTo()) {
                agentNodes.add(Names.sink(agent.name(), topic));
                graph.node("t:" + topic, topic, GraphDrawing.Kind.TOPIC).edge("a:" + agent.name(), "t:" + topic, false);
            }
            for (String table : agent.tables()) {
                graph.node("s:" + table, table, GraphDrawing.Kind.TABLE).edge("a:" + agent.name(), "s:" + table, true);
            }
        }
        if (!app.blocks().isEmpty()) {
            blocks(graph, app, description, agentNodes);
        }
        app.feeds().forEach((feed, topic) -> graph.node("f:" + feed, feed, GraphDrawing.Kind.FEED)
                .node("t:" + topic, topic, GraphDrawing.Kind.TOPIC).edge("f:" + feed, "t:" + topic, false));
        app.sinks().forEach((sink, topic) -> graph.node("k:" + sink, sink, GraphDrawing.Kind.SINK)
                .node("t:" + topic, topic, GraphDrawing.Kind.TOPIC).edge("t:" + topic, "k:" + sink, false));
        for (String topic : app.topics()) {
            graph.node("t:" + topic, topic, GraphDrawing.Kind.TOPIC);
        }
        return graph;
    }

    private static void blocks(GraphDrawing graph, Declared app, TopologyDescription description, Set<String> agentNodes) {
        String id = "b:blocks";
        graph.node(id, String.join(", ", app.blocks()), GraphDrawing.Kind.BLOCK);
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    boolean readByBlock = source.successors().stream().anyMatch(next -> !mephistoNode(next.name(),
                            agentNodes));
                    for (String topic : source.topicSet()) {
                        if (readByBlock && app.topics().contains(topic)) {
                            graph.node("t:" + topic, topic, GraphDrawing.Kind.TOPIC).edge("t:" + topic, id, false);
                        }
                    }
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null
                        && !mephistoNode(sink.name(), agentNodes) && app.topics().contains(sink.topic())) {
                    graph.node("t:" + sink.topic(), sink.topic(), GraphDrawing.Kind.TOPIC).edge(id, "t:" + sink.topic(), false);
                }
            }
        }
    }

    /** Nodes Mephisto names: sources, agents, their sinks, re-keying; a DSL block's are the others. */
    private static boolean mephistoNode(String name, Set<String> agentNodes) {
        return agentNodes.contains(name) || name.startsWith("source-") || name.startsWith("global-")
                || name.endsWith("-select-key") || name.endsWith("-repartition-source") || name.endsWith("-repartition-sink");
    }

    /** The declared topics a re-keyed source reads, from the node that selects its key. */
    private static List<String> rekeyedFrom(TopologyDescription description, String rekey) {
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node.name().equals(Names.rekeySelect(rekey))) {
                    return node.predecessors().stream().filter(TopologyDescription.Source.class::isInstance)
                            .flatMap(source -> ((TopologyDescription.Source) source).topicSet().stream()).toList();
                }
            }
        }
        return List.of();
    }

    /** One drawing per sub-topology: Kafka Streams' nodes, with their topics and stores. */
    static List<GraphDrawing> processors(TopologyDescription description, List<String> declaredTopics) {
        List<GraphDrawing> drawings = new java.util.ArrayList<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            GraphDrawing graph = new GraphDrawing();
            for (TopologyDescription.Node node : sub.nodes()) {
                GraphDrawing.Kind kind = node instanceof TopologyDescription.Source ? GraphDrawing.Kind.SOURCE
                        : node instanceof TopologyDescription.Sink ? GraphDrawing.Kind.SINK_NODE : GraphDrawing.Kind.PROCESSOR;
                graph.node("n:" + node.name(), node.name(), kind);
            }
            for (TopologyDescription.Node node : sub.nodes()) {
                node.successors().forEach(next -> graph.edge("n:" + node.name(), "n:" + next.name(), false));
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    for (String topic : source.topicSet()) {
                        graph.node("t:" + topic, topic, topicKind(topic, declaredTopics))
                                .edge("t:" + topic, "n:" + node.name(), false);
                    }
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    graph.node("t:" + sink.topic(), sink.topic(), topicKind(sink.topic(), declaredTopics))
                            .edge("n:" + node.name(), "t:" + sink.topic(), false);
                } else if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> graph.node("s:" + store, store, GraphDrawing.Kind.STORE)
                            .edge("n:" + node.name(), "s:" + store, true));
                }
            }
            drawings.add(graph);
        }
        for (TopologyDescription.GlobalStore global : description.globalStores()) {
            GraphDrawing graph = new GraphDrawing();
            TopologyDescription.Source source = global.source();
            TopologyDescription.Processor processor = global.processor();
            graph.node("n:" + source.name(), source.name(), GraphDrawing.Kind.SOURCE)
                    .node("n:" + processor.name(), processor.name(), GraphDrawing.Kind.PROCESSOR)
                    .edge("n:" + source.name(), "n:" + processor.name(), false);
            source.topicSet().forEach(topic -> graph.node("t:" + topic, topic, topicKind(topic, declaredTopics))
                    .edge("t:" + topic, "n:" + source.name(), false));
            processor.stores().forEach(store -> graph.node("s:" + store, store, GraphDrawing.Kind.STORE)
                    .edge("n:" + processor.name(), "s:" + store, true));
            drawings.add(graph);
        }
        return drawings;
    }

    private static GraphDrawing.Kind topicKind(String topic, List<String> declaredTopics) {
        return declaredTopics.contains(topic) ? GraphDrawing.Kind.TOPIC : GraphDrawing.Kind.INTERNAL_TOPIC;
    }
}
