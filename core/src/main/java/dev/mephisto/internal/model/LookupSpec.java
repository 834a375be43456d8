package dev.mephisto.internal.model;

import dev.mephisto.AgentContext;
import dev.mephisto.Lookup;
import dev.mephisto.LookupFunction;
import dev.mephisto.Source;
import dev.mephisto.Table;
import dev.mephisto.Topic;
import dev.mephisto.UnmatchedFunction;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A lookup as declared: its source, table and functions. It is an agent (the {@link AgentSpec} it owns)
 * whose function reads the table's row of the record's key and calls the found or missing function.
 */
public final class LookupSpec<K, V, R> implements Lookup<K, V, R> {

    private final AgentSpec agent;
    private final Source<K, V> source;
    private final Table<K, R, ?> table;
    private UnmatchedFunction<K, V> onMissing;

    /** @param rowOf reads the row of a key through the agent's context (as of the record's time when versioned) */
    public LookupSpec(java.util.function.Consumer<String> requireOpen, String name, Source<K, V> source,
            Table<K, R, ?> table, BiFunction<K, AgentContext, R> rowOf, LookupFunction<K, V, R> onRow) {
        this.source = source;
        this.table = table;
        this.agent = new AgentSpec(requireOpen, name, List.of(source), (K key, V value, AgentContext ctx) -> {
            R row = rowOf.apply(key, ctx);
            if (row != null) {
                onRow.found(key, value, row, ctx);
            } else if (onMissing != null) {
                onMissing.unmatched(key, value, ctx);
            } else {
                throw ctx.reject("lookup '" + name + "' found no row for key '" + key + "' in table '" + table.name()
                        + "' at " + Instant.ofEpochMilli(ctx.timestamp()) + ": handle such records with"
                        + " .onMissing(...) on lookup '" + name + "', or make sure the row is written first");
            }
        });
        this.agent.uses(table);
    }

    /** The agent this lookup is. */
    public AgentSpec agent() {
        return agent;
    }

    public Source<K, V> source() {
        return source;
    }

    public Table<K, R, ?> table() {
        return table;
    }

    @Override
    public String name() {
        return agent.name();
    }

    @Override
    public Lookup<K, V, R> onMissing(UnmatchedFunction<K, V> function) {
        agent.requireOpen("change lookup '" + name() + "'");
        this.onMissing = Objects.requireNonNull(function, "function can't be null (lookup '" + name() + "')");
        return this;
    }

    @Override
    public Lookup<K, V, R> sendsTo(Topic<?, ?>... topics) {
        agent.sendsTo(topics);
        return this;
    }

    @Override
    public Lookup<K, V, R> uses(Table<?, ?, ?>... tables) {
        agent.uses(tables);
        return this;
    }

    @Override
    public String toString() {
        return "Lookup(" + name() + ", " + source.name() + " in " + table.name() + ")";
    }
}
