package dev.mephisto.internal.runtime;

import dev.mephisto.AgentContext;
import dev.mephisto.Table;
import dev.mephisto.Topic;
import dev.mephisto.VersionedTable;
import dev.mephisto.WindowedTable;
import dev.mephisto.internal.model.AgentWiring;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * What an agent's code sees as its {@link AgentContext}, for one agent on one task: the record or
 * timer it is handling, where it may send, and its tables. One instance per task, reused for every
 * record: the processor, timers and window closing say what is being handled before calling the
 * agent's code, and clear it after.
 */
final class AgentTaskContext implements AgentContext {

    private final String agent;
    private final Map<String, String> sinks;
    /**
     * Whether the agent writes to one topic: its node then has that one sink as its only child, and
     * a send forwards without looking the child up by name.
     */
    private final boolean oneSink;
    private final ProcessorContext<Object, Object> context;
    /** Where this task's sends are counted: written by its stream thread only. */
    private final ProcessingTally sends;
    private final Map<String, OpenTable> tables = new HashMap<>();
    /** The topic last sent to and its sink: an agent mostly sends to the same one, so a send skips the map. */
    private Topic<?, ?> lastTopic;
    private String lastSink;

    /** A table as the app declares it, and the agent's view of it on this task. */
    private record OpenTable(Table<?, ?, ?> declared, Object view) {
    }

    private Record<Object, Object> current;
    /** The current record's request id as its header's bytes; its text is made on the first ask. */
    private byte[] currentRequestIdBytes;
    private String currentRequestId;
    private long timerTime = -1;
    private Map<String, String> currentHeaders;

    private final CoPartitionCheck coPartitioning;
    /**
     * Whether a send of the current record's own key and value may forward the record itself. Off
     * under tracing, which rewrites the headers of a record that another agent on the same source
     * may already have handed to its producer (which makes them read-only).
     */
    private boolean forwardsSameRecord = true;

    AgentTaskContext(AgentWiring wiring, ProcessorContext<Object, Object> context, ProcessingTally sends) {
        this.agent = wiring.agent().name();
        this.sinks = wiring.sinks();
        this.oneSink = sinks.size() == 1;
        this.context = context;
        this.sends = sends;
        this.coPartitioning = CoPartitionCheck.of(wiring, context);
    }

    /**
     * Opens the agent's tables in the task's stores, each as the view of its kind; {@code closedBefore}
     * gives, per windowed table, the first window start still open.
     */
    void openTables(AgentWiring wiring, Function<WindowedTable<?, ?>, LongSupplier> closedBefore) {
        for (Table<?, ?, ?> table : wiring.tables().values()) {
            tables.put(table.name(), new OpenTable(table, view(table, closedBefore)));
        }
    }

    private Object view(Table<?, ?, ?> table, Function<WindowedTable<?, ?>, LongSupplier> closedBefore) {
        Consumer<Object> keyCheck = coPartitioning == null ? null : key -> coPartitioning.check(table, key, current,
                context.recordMetadata().map(metadata -> metadata.topic()).orElse(null));
        if (table instanceof WindowedTable<?, ?> windowed && windowed.window().isSession()) {
            return new KafkaLocalSessionTable<>(table.name(), context.getStateStore(table.name()), windowed.window(),
                    this::timestamp, context::currentSystemTimeMs, closedBefore.apply(windowed),
                    context::currentStreamTimeMs, keyCheck);
        }
        if (table instanceof WindowedTable<?, ?> windowed) {
            WindowStore<Object, Object> store = context.getStateStore(table.name());
            return new KafkaLocalWindowedTable<>(table.name(), store, windowed.window(), this::timestamp,
                    context::currentSystemTimeMs, closedBefore.apply(windowed), context::currentStreamTimeMs, keyCheck);
        }
        if (table instanceof VersionedTable<?, ?> versioned) {
            return new KafkaLocalVersionedTable<>(table.name(), context.getStateStore(table.name()),
                    versioned.history(), this::timestamp, keyCheck);
        }
        KeyValueStore<Object, Object> store = context.getStateStore(table.name());
        return new KafkaLocalTable<>(table.name(), store, keyCheck);
    }

    private void countSend() {
        sends.sent();
    }

    void forwardSameRecord(boolean allowed) {
        forwardsSameRecord = allowed;
    }

    /** From now on the agent's code handles {@code record}. */
    void enterRecord(Record<Object, Object> record, byte[] requestId) {
        current = record;
        currentHeaders = null;
        currentRequestIdBytes = requestId;
        currentRequestId = null;
    }

    void leaveRecord() {
        current = null;
        currentRequestIdBytes = null;
        currentRequestId = null;
    }

    /** From now on the agent's code runs for a timer, or a window close, at {@code time}. */
    void enterTimer(long time) {
        timerTime = time;
    }

    void leaveTimer() {
        timerTime = -1;
    }

    /** The sink node that writes to {@code topic}: declared with {@code sendsTo}, or an actionable error. */
    String sinkFor(Topic<?, ?> topic) {
        if (topic == lastTopic) {
            return lastSink;
        }
        String sink = sinks.get(topic.name());
        if (sink == null) {
            throw new IllegalStateException("agent '" + agent + "' sent to topic '" + topic.name()
                    + "', which it does not declare: add .sendsTo(" + topic.name() + ") to agent '" + agent + "'");
        }
        lastTopic = topic;
        lastSink = sink;
        return sink;
    }

    @Override
    public <K, V> void send(Topic<K, V> topic, K key, V value) {
        String sink = sinkFor(topic);
        Record<Object, Object> handled = current;
        if (handled == null) {
            forward(new Record<>(key, value, timestamp()), sink);
        } else if (forwardsSameRecord && handled.key() == key && handled.value() == value) {
            // the record passes on as it came, as a hand-written stream(in).to(out) does: every Record
            // constructor copies the headers (a list and its array per send)
            forward(handled, sink);
        } else {
            // one Record, not current.withKey().withValue(), for the same reason
            forward(new Record<>(key, value, handled.timestamp(), handled.headers()), sink);
        }
        countSend();
    }

    private void forward(Record<?, ?> record, String sink) {
        if (oneSink) {
            context.forward(record);
        } else {
            context.forward(record, sink);
        }
    }

    @Override
    public <K, V> void send(Topic<K, V> topic, K key, V value, Map<String, String> headers) {
        send(topic, key, value, headers, timestamp());
    }

    @Override
    public <K, V> void send(Topic<K, V> topic, K key, V value, Map<String, String> headers, Instant timestamp) {
        send(topic, key, value, headers, timestamp.toEpochMilli());
    }

    private <K, V> void send(Topic<K, V> topic, K key, V value, Map<String, String> headers, long timestamp) {
        String sink = sinkFor(topic);
        Record<K, V> record = current != null ? new Record<>(key, value, timestamp, current.headers())
                : new Record<>(key, value, timestamp);
        Headers copy = record.headers(); // the record's own copy
        headers.forEach((name, text) -> {
            copy.remove(name);
            copy.add(name, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
        });
        forward(record, sink);
        countSend();
    }

    @Override
    public String agent() {
        return agent;
    }

    @Override
    public String requestId() {
        if (currentRequestId == null && currentRequestIdBytes != null) {
            currentRequestId = new String(currentRequestIdBytes, StandardCharsets.UTF_8);
        }
        return currentRequestId;
    }

    @Override
    public RuntimeException reject(String reason) {
        if (current == null) {
            throw new IllegalStateException("agent '" + agent + "' can reject only the record it is handling,"
                    + " not in a timer or window close");
        }
        throw new Rejection(agent, reason == null || reason.isBlank() ? "rejected without a reason" : reason);
    }

    @Override
    public String topic() {
        return metadata("topic()").topic();
    }

    @Override
    public int partition() {
        return metadata("partition()").partition();
    }

    @Override
    public long offset() {
        return metadata("offset()").offset();
    }

    private RecordMetadata metadata(String what) {
        if (current == null) {
            throw new IllegalStateException("agent '" + agent + "' has no current record in a timer or window close:"
                    + " " + what + " is only available while handling a record");
        }
        return context.recordMetadata().orElseThrow(() -> new IllegalStateException(
                "agent '" + agent + "': Kafka Streams gave no record metadata for " + what));
    }

    @Override
    public long timestamp() {
        if (current != null) {
            return current.timestamp();
        }
        if (timerTime >= 0) {
            return timerTime;
        }
        throw new IllegalStateException("agent '" + agent + "' is not handling a record or a timer right now:"
                + " use the context only inside the call it was passed to");
    }

    @Override
    public long wallClockMillis() {
        return context.currentSystemTimeMs();
    }

    @Override
    public Map<String, String> headers() {
        if (current == null) {
            return Map.of();
        }
        if (currentHeaders == null) {
            currentHeaders = HeaderText.of(current.headers());
        }
        return currentHeaders;
    }

    @Override
    public String header(String name) {
        if (current == null) {
            return null;
        }
        Headers headers = current.headers();
        Header last = headers.lastHeader(name);
        return last == null || last.value() == null ? null : new String(last.value(), StandardCharsets.UTF_8);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <L> L table(Table<?, ?, L> table) {
        OpenTable open = tables.get(table.name());
        // the kind must match too: a view of the other kind under the same name would not be an L
        if (open == null || open.declared().getClass() != table.getClass()) {
            throw new IllegalStateException("agent '" + agent + "' used "
                    + (table instanceof WindowedTable<?, ?> ? "windowed table '"
                            : table instanceof VersionedTable<?, ?> ? "versioned table '" : "table '") + table.name()
                    + "', which it does not declare: add .uses(" + table.name() + ") to agent '" + agent + "'");
        }
        return (L) open.view();
    }

    @Override
    public String toString() {
        return "AgentContext(" + agent + " at " + (current == null ? "-" : Instant.ofEpochMilli(current.timestamp()))
                + ")";
    }
}
