package dev.mephisto.internal.model;

import dev.mephisto.StreamsBlock;
import dev.mephisto.Table;
import dev.mephisto.Topic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything an app declares, in declaration order; closed for changes once compiled. */
public final class AppModel {

    /** A named block of Kafka Streams DSL code. */
    public record StreamsBlockSpec(String name, StreamsBlock block) {
    }

    private final String appName;
    private final Map<String, Topic<?, ?>> topics = new LinkedHashMap<>();
    private final Map<String, Table<?, ?, ?>> tables = new LinkedHashMap<>();
    private final List<AgentSpec> agents = new ArrayList<>();
    private final List<StreamsBlockSpec> streamsBlocks = new ArrayList<>();
    private final List<String> declarationProblems = new ArrayList<>();
    private boolean closed;

    public AppModel(String appName) {
        this.appName = appName;
    }

    public String appName() {
        return appName;
    }

    public void requireOpen(String action) {
        if (closed) {
            throw new IllegalStateException("app '" + appName + "' is already compiled, so it is too late to " + action
                    + ": declare everything before calling topology(), main() or creating a test driver");
        }
    }

    /** Closes the model for changes: the app is compiled. */
    public void close() {
        closed = true;
    }

    /** Declares a topic; a second declaration of the same name must describe it the same way. */
    @SuppressWarnings("unchecked")
    public <K, V> Topic<K, V> addTopic(Topic<K, V> topic, boolean sameAsExisting) {
        requireOpen("declare topic '" + topic.name() + "'");
        Topic<?, ?> existing = topics.get(topic.name());
        if (existing == null) {
            topics.put(topic.name(), topic);
            return topic;
        }
        if (existing != topic && !sameAsExisting) {
            declarationProblems.add("topic '" + topic.name() + "' is declared twice, as " + existing + " and as " + topic
                    + ": declare it once and reuse the Topic object");
        }
        return (Topic<K, V>) existing;
    }

    /** Declares a table of either kind; names are unique across kinds (each is a store and a changelog topic). */
    public void addTable(Table<?, ?, ?> table) {
        requireOpen("declare table '" + table.name() + "'");
        if (tables.containsKey(table.name())) {
            declarationProblems.add("table '" + table.name() + "' is declared twice: table names must be unique"
                    + " (each is a state store and a changelog topic)");
            return;
        }
        tables.put(table.name(), table);
    }

    public void addAgent(AgentSpec agent) {
        requireOpen("declare agent '" + agent.name() + "'");
        agents.add(agent);
    }

    public void addStreamsBlock(StreamsBlockSpec block) {
        requireOpen("declare DSL block '" + block.name() + "'");
        streamsBlocks.add(block);
    }

    public Map<String, Topic<?, ?>> topics() {
        return Collections.unmodifiableMap(topics);
    }

    /** The declared tables of both kinds by name, in declaration order. */
    public Map<String, Table<?, ?, ?>> tables() {
        return Collections.unmodifiableMap(tables);
    }

    public List<AgentSpec> agents() {
        return Collections.unmodifiableList(agents);
    }

    public List<StreamsBlockSpec> streamsBlocks() {
        return Collections.unmodifiableList(streamsBlocks);
    }

    /** Problems found while declaring (a topic declared twice two ways); reported when the app compiles. */
    public List<String> declarationProblems() {
        return declarationProblems;
    }
}
