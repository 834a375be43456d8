package dev.mephisto.cli;

import dev.mephisto.Agent;
import dev.mephisto.App;
import dev.mephisto.Table;
import dev.mephisto.Topic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.TopologyDescription;
import picocli.CommandLine.Command;

/** The listing commands: what the app declares, no broker needed. */
final class ListCommands {

    private ListCommands() {
    }

    @Command(name = "topics", mixinStandardHelpOptions = true,
            description = "List the topics the app declares, its dead-letter topic and the internal topics Kafka Streams"
                    + " makes for it.")
    static final class Topics implements Callable<Integer> {
        private final CliContext<?> ctx;

        Topics(CliContext<?> ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            App app = ctx.app();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"TOPIC", "ROLE", "KEY", "VALUE", "PARTITIONS", "REPLICATION", "SETTINGS"});
            String defaultPartitions = app.config().topicPartitions() + " (default)";
            String defaultReplication = app.config().topicReplication() > 0
                    ? app.config().topicReplication() + " (default)" : "broker default";
            Set<String> declared = new HashSet<>();
            for (Topic<?, ?> topic : app.topics()) {
                declared.add(topic.name());
                rows.add(new String[] {topic.name(), topic.acceptsIngress() ? "declared, ingress" : "declared",
                        topic.keyCodec().describe(), topic.valueCodec().describe(),
                        topic.partitions().isPresent() ? String.valueOf(topic.partitions().getAsInt()) : defaultPartitions,
                        topic.replication().map(String::valueOf).orElse(defaultReplication),
                        topic.topicConfigs().isEmpty() ? "-" : topic.topicConfigs().toString()});
            }
            rows.add(new String[] {app.deadLetterTopic(), "dead letters", "bytes", "bytes", defaultPartitions,
                    defaultReplication, "-"});
            internalTopics(app, declared).forEach((name, role) -> rows.add(new String[] {name, role, "-", "-",
                    "as its source", "as the app's", "-"}));
            printTable(ctx, rows);
            return 0;
        }

        /**
         * What Kafka Streams creates for the app, by its naming: {@code <application id>-<name>} for a
         * topic the topology uses but the app does not declare (a repartition topic), and
         * {@code <application id>-<store>-changelog} per store (unless the store disables logging).
         */
        static Map<String, String> internalTopics(App app, Set<String> declared) {
            Map<String, String> internal = new TreeMap<>();
            TopologyDescription description = app.topology().describe();
            for (TopologyDescription.Subtopology sub : description.subtopologies()) {
                for (TopologyDescription.Node node : sub.nodes()) {
                    if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                        source.topicSet().stream().filter(topic -> !declared.contains(topic))
                                .forEach(topic -> internal.put(app.applicationId() + "-" + topic, "internal (repartition)"));
                    } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null
                            && !declared.contains(sink.topic())) {
                        internal.put(app.applicationId() + "-" + sink.topic(), "internal (repartition)");
                    } else if (node instanceof TopologyDescription.Processor processor) {
                        processor.stores().forEach(store -> internal.put(app.applicationId() + "-" + store + "-changelog",
                                "internal (changelog)"));
                    }
                }
            }
            return internal;
        }
    }

    @Command(name = "agents", mixinStandardHelpOptions = true, description = "List the agents the app declares.")
    static final class Agents implements Callable<Integer> {
        private final CliContext<?> ctx;

        Agents(CliContext<?> ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"AGENT", "READS", "SENDS TO", "TABLES"});
            for (Agent agent : ctx.app().agents()) {
                rows.add(new String[] {agent.name(), String.join(",", agent.sources()), join(agent.sendsTo()),
                        join(agent.tables())});
            }
            for (String block : ctx.app().streamsBlocks()) {
                rows.add(new String[] {block, "(DSL block)", "-", "-"});
            }
            printTable(ctx, rows);
            return 0;
        }
    }

    @Command(name = "tables", mixinStandardHelpOptions = true, description = "List the tables the app declares.")
    static final class Tables implements Callable<Integer> {
        private final CliContext<?> ctx;

        Tables(CliContext<?> ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            App app = ctx.app();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"TABLE", "KEY", "VALUE", "KIND", "CHANGELOG"});
            for (Table<?, ?, ?> table : app.tables()) {
                rows.add(new String[] {table.name(), table.keyCodec().describe(), table.valueCodec().describe(),
                        table.kind(), app.applicationId() + "-" + table.name() + "-changelog"});
            }
            printTable(ctx, rows);
            return 0;
        }
    }

    private static String join(List<String> names) {
        return names.isEmpty() ? "-" : String.join(",", names);
    }

    static void printTable(CliContext<?> ctx, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            ctx.out().println(line.toString().stripTrailing());
        }
        ctx.out().flush();
    }
}
