package dev.mephisto.internal.compile;

import dev.mephisto.internal.model.JoinSpec;
import dev.mephisto.internal.model.Names;

import dev.mephisto.RekeyedSource;
import dev.mephisto.DedupedSource;
import dev.mephisto.internal.model.AgentSpec;
import dev.mephisto.internal.model.AppModel;
import dev.mephisto.Source;
import dev.mephisto.Table;
import dev.mephisto.Topic;
import dev.mephisto.KeyValueTable;
import dev.mephisto.VersionedTable;
import dev.mephisto.WindowedTable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The cross-checks of an app's declarations, each problem one actionable sentence. */
final class Validation {

    private final AppModel app;
    private final List<String> problems;

    Validation(AppModel app, List<String> problems) {
        this.app = app;
        this.problems = problems;
    }

    void run() {
        if (app.agents().isEmpty() && app.streamsBlocks().isEmpty()) {
            problems.add("it has nothing to run: declare at least one agent with app.agent(...) or app.chain(...),"
                    + " or a DSL block with app.streams(...)");
        }
        checkUniqueNames();
        Map<String, RekeyedSource<?, ?, ?>> rekeys = new HashMap<>();
        Set<String> usedTables = new HashSet<>();
        for (AgentSpec agent : app.agents()) {
            checkSources(agent, rekeys);
            checkSendTargets(agent);
            checkTables(agent, usedTables);
            if (agent.join() != null) {
                checkJoin((JoinSpec<?, ?, ?>) agent.join());
            }
        }
        checkTablePartitions();
        for (Table<?, ?, ?> table : app.tables().values()) {
            if (!usedTables.contains(table.name())) {
                problems.add("table '" + table.name() + "' is declared but no agent uses it: add .uses(" + table.name()
                        + ") to the agent that reads or writes it, or remove the declaration");
            }
            if (table instanceof WindowedTable<?, ?> windowed) {
                windowed.closedWindowsTopic().ifPresent(topic -> requireDeclared(topic,
                        "table '" + table.name() + "' emits closed windows to topic '" + topic.name() + "'"));
            }
        }
    }

    private void checkUniqueNames() {
        Set<String> names = new HashSet<>();
        for (AgentSpec agent : app.agents()) {
            if (!names.add(agent.name())) {
                problems.add("agent name '" + agent.name() + "' is used twice: agent and DSL block names must be unique"
                        + " (each names the processors, sinks and internal topics derived from it)");
            }
        }
        for (AppModel.StreamsBlockSpec block : app.streamsBlocks()) {
            if (!names.add(block.name())) {
                problems.add("DSL block name '" + block.name() + "' is already used by another agent or DSL block:"
                        + " give it a unique name");
            }
        }
    }

    private final Map<String, Source<?, ?>> dedupes = new HashMap<>();

    private void checkSources(AgentSpec agent, Map<String, RekeyedSource<?, ?, ?>> rekeys) {
        Set<String> seen = new HashSet<>();
        for (Source<?, ?> source : agent.sourceList()) {
            if (!seen.add(source.name())) {
                problems.add("agent '" + agent.name() + "' reads '" + source.name() + "' twice: list each source once");
            }
            if (source instanceof Topic<?, ?> topic) {
                requireDeclared(topic, "agent '" + agent.name() + "' reads topic '" + topic.name() + "'");
            } else if (source instanceof RekeyedSource<?, ?, ?> rekeyed) {
                requireDeclared(rekeyed.topic(), "agent '" + agent.name() + "' re-keys topic '"
                        + rekeyed.topic().name() + "'");
                RekeyedSource<?, ?, ?> other = rekeys.putIfAbsent(rekeyed.name(), rekeyed);
                if (other != null && other != rekeyed) {
                    problems.add("re-key '" + rekeyed.name() + "' is defined twice (agent '" + agent.name()
                            + "' has another one): call topic.rekey(...) once and share the Source");
                }
            } else if (source instanceof DedupedSource<?, ?, ?> deduped) {
                requireDeclared(deduped.topic(), "agent '" + agent.name() + "' deduplicates topic '"
                        + deduped.topic().name() + "'");
                Source<?, ?> other = dedupes.putIfAbsent(deduped.name(), deduped);
                if (other != null && other != deduped) {
                    problems.add("dedupe '" + deduped.name() + "' is defined twice (agent '" + agent.name()
                            + "' has another one): call topic.dedupe(...) once and share the Source");
                }
            } else {
                problems.add("agent '" + agent.name() + "' reads " + source + ", which is neither a Topic nor"
                        + " topic.rekey(...) nor topic.dedupe(...): read a declared topic");
            }
        }
    }

    /** A join's sides must meet on one partition per key, and its stores must not take a table's name. */
    private void checkJoin(JoinSpec<?, ?, ?> join) {
        if (!join.left().keyCodec().equals(join.right().keyCodec())) {
            problems.add("join '" + join.name() + "' joins '" + join.left().name() + "' keyed by "
                    + join.left().keyCodec().describe() + " with '" + join.right().name() + "' keyed by "
                    + join.right().keyCodec().describe() + ": both sides need the same key codec, or equal keys"
                    + " land on different partitions (re-key one side with topic.rekey(...))");
        }
        if (join.left() instanceof Topic<?, ?> left && join.right() instanceof Topic<?, ?> right
                && left.partitions().isPresent() && right.partitions().isPresent()
                && left.partitions().getAsInt() != right.partitions().getAsInt()) {
            problems.add("join '" + join.name() + "' joins topic '" + left.name() + "' (" + left.partitions().getAsInt()
                    + " partitions) with topic '" + right.name() + "' (" + right.partitions().getAsInt()
                    + " partitions): a join needs co-partitioned sides, so give both the same partition count");
        }
        for (Table<?, ?, ?> table : join.agent().tableMap().values()) {
            if (table instanceof WindowedTable<?, ?> windowed && windowed.emitsClosedWindows()) {
                problems.add("join '" + join.name() + "' uses windowed table '" + table.name() + "', which emits closed"
                        + " windows: a join does not close windows, so use that table from an agent");
            }
        }
        for (String store : List.of(Names.joinSideStore(join.name(), true), Names.joinSideStore(join.name(), false))) {
            if (app.tables().containsKey(store)) {
                problems.add("join '" + join.name() + "' keeps its records in store '" + store + "', which is also a"
                        + " table's name: rename the table or the join");
            }
        }
    }

    private void checkSendTargets(AgentSpec agent) {
        for (Topic<?, ?> topic : agent.sendsToTopics().values()) {
            requireDeclared(topic, "agent '" + agent.name() + "' sends to topic '" + topic.name() + "'");
        }
    }

    private void checkTables(AgentSpec agent, Set<String> usedTables) {
        for (Table<?, ?, ?> used : agent.tableMap().values()) {
            usedTables.add(used.name());
            Table<?, ?, ?> declared = app.tables().get(used.name());
            if (declared != null && declared.getClass() == used.getClass()) {
                continue;
            }
            String otherKind = declared == null ? ""
                    : " as a " + kindName(used) + " table (it is a " + kindName(declared) + " table)";
            problems.add("agent '" + agent.name() + "' uses " + (used instanceof KeyValueTable<?, ?> ? "" : kindName(used)
                    + " ") + "table '" + used.name() + "', which the app does not declare" + otherKind
                    + ": declare it with " + (used instanceof WindowedTable<?, ?> ? "app.table(Table.windowed(...))"
                    : used instanceof VersionedTable<?, ?> ? "app.table(Table.versioned(...))" : "app.table(...)"));
        }
    }

    private static String kindName(Table<?, ?, ?> table) {
        return table instanceof WindowedTable<?, ?> ? "windowed" : table instanceof VersionedTable<?, ?> ? "versioned"
                : "plain";
    }

    /**
     * A table lives in the tasks of the agents that use it, so their topics must be co-partitioned: every
     * topic they read (with a declared partition count) has the same count.
     */
    private void checkTablePartitions() {
        Map<String, String> firstReader = new HashMap<>();
        Map<String, Integer> firstCount = new HashMap<>();
        for (AgentSpec agent : app.agents()) {
            for (Source<?, ?> source : agent.sourceList()) {
                if (!(source instanceof Topic<?, ?> topic) || topic.partitions().isEmpty()) {
                    continue;
                }
                int count = topic.partitions().getAsInt();
                for (String table : agent.tableMap().keySet()) {
                    Integer seen = firstCount.putIfAbsent(table, count);
                    String reader = "agent '" + agent.name() + "' reading topic '" + topic.name() + "' (" + count
                            + " partitions)";
                    firstReader.putIfAbsent(table, reader);
                    if (seen != null && seen != count) {
                        problems.add("table '" + table + "' is used by " + firstReader.get(table) + " and by " + reader
                                + ": a table is split like the topics of the agents that use it, so give those topics"
                                + " the same partition count (or re-key one through topic.rekey(...))");
                    }
                }
            }
        }
    }

    private void requireDeclared(Topic<?, ?> topic, String what) {
        if (!app.topics().containsKey(topic.name())) {
            problems.add(what + ", which the app does not declare: declare it with app.topic(\"" + topic.name()
                    + "\", ...)");
        }
    }
}
