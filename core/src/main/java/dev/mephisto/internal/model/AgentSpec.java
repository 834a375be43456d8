package dev.mephisto.internal.model;

import dev.mephisto.Agent;
import dev.mephisto.AgentFunction;
import dev.mephisto.Source;
import dev.mephisto.Table;
import dev.mephisto.Timer;
import dev.mephisto.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.PunctuationType;

/** An agent as declared: what it reads, runs, sends to, uses and schedules. */
public final class AgentSpec implements Agent {

    private final Consumer<String> requireOpen;
    private final String name;
    private final List<Source<?, ?>> sources;
    private AgentFunction<Object, Object> function;
    private final Map<String, Topic<?, ?>> sendsTo = new LinkedHashMap<>();
    private final Map<String, Table<?, ?, ?>> tables = new LinkedHashMap<>();
    private final List<TimerSpec> timers = new ArrayList<>();
    private dev.mephisto.Join<?, ?, ?> join;

    @SuppressWarnings("unchecked")
    /** @param requireOpen refuses a change, naming the action, once the app is compiled ({@code model::requireOpen}) */
    public AgentSpec(Consumer<String> requireOpen, String name, List<? extends Source<?, ?>> sources,
            AgentFunction<?, ?> function) {
        this.requireOpen = requireOpen;
        this.name = name;
        this.sources = List.copyOf(sources);
        this.function = (AgentFunction<Object, Object>) function;
    }

    /** Marks this agent as the wiring of {@code join}: it compiles to a join processor. */
    void joins(dev.mephisto.Join<?, ?, ?> join) {
        this.join = join;
    }

    /** The join this agent wires (a {@link JoinSpec}), or {@code null} for a plain agent. */
    public dev.mephisto.Join<?, ?, ?> join() {
        return join;
    }

    void requireOpen(String action) {
        requireOpen.accept(action);
    }

    void replaceFunction(AgentFunction<Object, Object> function) {
        requireOpen.accept("change agent '" + name + "'");
        this.function = function;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> sources() {
        return sources.stream().map(Source::name).toList();
    }

    @Override
    public List<String> sendsTo() {
        return List.copyOf(sendsTo.keySet());
    }

    @Override
    public List<String> tables() {
        return List.copyOf(tables.keySet());
    }

    @Override
    public Agent sendsTo(Topic<?, ?>... topics) {
        requireOpen.accept("declare what agent '" + name + "' sends to");
        for (Topic<?, ?> topic : topics) {
            Objects.requireNonNull(topic, "topic can't be null (agent '" + name + "')");
            sendsTo.put(topic.name(), topic);
        }
        return this;
    }

    @Override
    public Agent uses(Table<?, ?, ?>... tables) {
        requireOpen.accept("declare the tables of agent '" + name + "'");
        for (Table<?, ?, ?> table : tables) {
            Objects.requireNonNull(table, "table can't be null (agent '" + name + "')");
            this.tables.put(table.name(), table);
        }
        return this;
    }

    @Override
    public Agent onWallClock(Duration interval, Timer timer) {
        return addTimer(interval, PunctuationType.WALL_CLOCK_TIME, timer);
    }

    @Override
    public Agent onStreamTime(Duration interval, Timer timer) {
        return addTimer(interval, PunctuationType.STREAM_TIME, timer);
    }

    private Agent addTimer(Duration interval, PunctuationType type, Timer timer) {
        requireOpen.accept("add a timer to agent '" + name + "'");
        Objects.requireNonNull(interval, "interval can't be null (agent '" + name + "')");
        Objects.requireNonNull(timer, "timer can't be null (agent '" + name + "')");
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("agent '" + name + "': a timer's interval must be at least 1 ms, got "
                    + interval);
        }
        timers.add(new TimerSpec(interval, type, timer));
        return this;
    }

    public List<Source<?, ?>> sourceList() {
        return sources;
    }

    public AgentFunction<Object, Object> function() {
        return function;
    }

    public Map<String, Topic<?, ?>> sendsToTopics() {
        return Collections.unmodifiableMap(sendsTo);
    }

    /** The tables of both kinds the agent declares it uses, by name, as it passed them to {@code uses}. */
    public Map<String, Table<?, ?, ?>> tableMap() {
        return Collections.unmodifiableMap(tables);
    }

    public List<TimerSpec> timers() {
        return Collections.unmodifiableList(timers);
    }

    @Override
    public String toString() {
        return "Agent(" + name + ", reads " + sources() + ", sends to " + sendsTo() + ", uses " + tables() + ")";
    }
}
