package dev.mephisto.internal.compile;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;

/** Draws a topology as Mermaid or Graphviz DOT: topics and stores as their own nodes. */
public final class TopologyFormats {

    private TopologyFormats() {
    }

    public static String mermaid(TopologyDescription description) {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        Set<String> topics = new LinkedHashSet<>();
        Set<String> stores = new LinkedHashSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            out.append("  subgraph sub").append(sub.id()).append("[\"sub-topology ").append(sub.id()).append("\"]\n");
            for (TopologyDescription.Node node : sub.nodes()) {
                out.append("    ").append(id("n", node.name())).append("[\"").append(node.name()).append("\"]\n");
            }
            out.append("  end\n");
            for (TopologyDescription.Node node : sub.nodes()) {
                for (TopologyDescription.Node next : node.successors()) {
                    out.append("  ").append(id("n", node.name())).append(" --> ").append(id("n", next.name())).append('\n');
                }
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    for (String topic : source.topicSet()) {
                        topics.add(topic);
                        out.append("  ").append(id("t", topic)).append(" --> ").append(id("n", node.name())).append('\n');
                    }
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    topics.add(sink.topic());
                    out.append("  ").append(id("n", node.name())).append(" --> ").append(id("t", sink.topic())).append('\n');
                } else if (node instanceof TopologyDescription.Processor processor) {
                    for (String store : processor.stores()) {
                        stores.add(store);
                        out.append("  ").append(id("n", node.name())).append(" -.- ").append(id("s", store)).append('\n');
                    }
                }
            }
        }
        topics.forEach(topic -> out.append("  ").append(id("t", topic)).append("[(\"").append(topic).append("\")]\n"));
        stores.forEach(store -> out.append("  ").append(id("s", store)).append("{{\"").append(store).append("\"}}\n"));
        return out.toString();
    }

    public static String dot(TopologyDescription description) {
        StringBuilder out = new StringBuilder("digraph topology {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        Set<String> topics = new LinkedHashSet<>();
        Set<String> stores = new LinkedHashSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            out.append("  subgraph cluster_").append(sub.id()).append(" {\n    label=\"sub-topology ").append(sub.id())
                    .append("\";\n");
            for (TopologyDescription.Node node : sub.nodes()) {
                out.append("    ").append(quote(id("n", node.name()))).append(" [label=").append(quote(node.name()))
                        .append(", shape=box];\n");
            }
            out.append("  }\n");
            for (TopologyDescription.Node node : sub.nodes()) {
                for (TopologyDescription.Node next : node.successors()) {
                    edge(out, id("n", node.name()), id("n", next.name()), "");
                }
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    for (String topic : source.topicSet()) {
                        topics.add(topic);
                        edge(out, id("t", topic), id("n", node.name()), "");
                    }
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    topics.add(sink.topic());
                    edge(out, id("n", node.name()), id("t", sink.topic()), "");
                } else if (node instanceof TopologyDescription.Processor processor) {
                    for (String store : processor.stores()) {
                        stores.add(store);
                        edge(out, id("n", node.name()), id("s", store), " [style=dashed, dir=both]");
                    }
                }
            }
        }
        topics.forEach(topic -> out.append("  ").append(quote(id("t", topic))).append(" [label=").append(quote(topic))
                .append(", shape=cylinder];\n"));
        stores.forEach(store -> out.append("  ").append(quote(id("s", store))).append(" [label=").append(quote(store))
                .append(", shape=box3d];\n"));
        return out.append("}\n").toString();
    }

    private static void edge(StringBuilder out, String from, String to, String attributes) {
        out.append("  ").append(quote(from)).append(" -> ").append(quote(to)).append(attributes).append(";\n");
    }

    private static String id(String kind, String name) {
        return kind + "_" + name.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT) + "_" + Integer.toHexString(
                name.hashCode());
    }

    private static String quote(String text) {
        return "\"" + text.replace("\"", "\\\"") + "\"";
    }
}
