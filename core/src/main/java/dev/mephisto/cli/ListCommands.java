package dev.mephisto.cli;

import dev.mephisto.Agent;
import dev.mephisto.App;
import dev.mephisto.Table;
import dev.mephisto.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The listing commands: what the app declares, no broker needed. */
final class ListCommands {

    private ListCommands() {
    }

    @Command(name = "topics", mixinStandardHelpOptions = true, description = "List the topics the app declares.")
    static final class Topics implements Callable<Integer> {
        private final CliContext<?> ctx;

        Topics(CliContext<?> ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            App app = ctx.app();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"TOPIC", "KEY", "VALUE", "PARTITIONS", "REPLICATION", "SETTINGS"});
            for (Topic<?, ?> topic : app.topics()) {
                rows.add(new String[] {topic.name(), topic.keyCodec().describe(), topic.valueCodec().describe(),
                        topic.partitions().isPresent() ? String.valueOf(topic.partitions().getAsInt())
                                : app.config().topicPartitions() + " (default)",
                        topic.replication().map(String::valueOf).orElse(app.config().topicReplication() > 0
                                ? app.config().topicReplication() + " (default)" : "broker default"),
                        topic.topicConfigs().isEmpty() ? "-" : topic.topicConfigs().toString()});
            }
            printTable(ctx, rows);
            return 0;
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
