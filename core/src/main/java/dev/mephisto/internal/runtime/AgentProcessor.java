package dev.mephisto.internal.runtime;

import dev.mephisto.internal.model.AgentWiring;
import dev.mephisto.AgentContext;
import dev.mephisto.AgentFunction;
import dev.mephisto.LocalTable;
import dev.mephisto.LocalWindowedTable;
import dev.mephisto.Table;
import dev.mephisto.Topic;
import dev.mephisto.WindowedTable;
import dev.mephisto.internal.model.Names;
import dev.mephisto.internal.model.TimerSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.MDC;

/** Runs one agent for one task: its function per record, its timers, and its window closing. */
public final class AgentProcessor implements Processor<Object, Object, Object, Object>, AgentContext {

    /** How often due windows are looked for, in wall-clock time. */
    static final Duration WINDOW_CLOSE_CHECK = Duration.ofSeconds(1);

    private final AgentWiring wiring;
    private final String agent;
    private final AgentFunction<Object, Object> function;
    private ProcessorContext<Object, Object> context;
    private final Map<String, LocalTable<?, ?>> tables = new HashMap<>();
    private final Map<String, LocalWindowedTable<?, ?>> windowedTables = new HashMap<>();
    private final List<WindowCloser<Object, Object>> closers = new ArrayList<>();

    /** The MDC keys every log line about a record carries. */
    public static final String MDC_REQUEST_ID = "requestId";
    public static final String MDC_AGENT = "agent";

    private final AgentMetrics metrics;
    private InFlight inFlight;
    private Record<Object, Object> current;
    private String currentRequestId;
    private long timerTime = -1;
    private Map<String, String> currentHeaders;

    public AgentProcessor(AgentWiring wiring, AgentMetrics metrics) {
        this.wiring = wiring;
        this.agent = wiring.agent().name();
        this.function = wiring.agent().function();
        this.metrics = metrics;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.inFlight = metrics.track();
        for (Table<?, ?> table : wiring.tables().values()) {
            KeyValueStore<Object, Object> store = context.getStateStore(table.name());
            tables.put(table.name(), new KeyValueLocalTable<>(table.name(), store));
        }
        Map<String, WindowCloser<Object, Object>> closerByTable = new LinkedHashMap<>();
        for (WindowedTable<?, ?> table : wiring.closes()) {
            WindowStore<Object, Object> store = context.getStateStore(table.name());
            KeyValueStore<String, Long> watermark = context.getStateStore(Names.windowWatermarkStore(table.name()));
            WindowCloser<Object, Object> closer = new WindowCloser<>((WindowedTable<Object, Object>) table, store,
                    watermark, context.currentSystemTimeMs());
            closers.add(closer);
            closerByTable.put(table.name(), closer);
        }
        for (WindowedTable<?, ?> table : wiring.windowedTables().values()) {
            WindowStore<Object, Object> store = context.getStateStore(table.name());
            WindowCloser<Object, Object> closer = closerByTable.get(table.name());
            KeyValueStore<String, Long> watermark = closer == null && table.emitsClosedWindows()
                    ? context.getStateStore(Names.windowWatermarkStore(table.name())) : null;
            windowedTables.put(table.name(), new WindowedLocalTable<>(table.name(), store, table.window(),
                    this::timestamp, context::currentSystemTimeMs,
                    closer != null ? closer::closedBefore
                            : watermark != null ? () -> WindowCloser.readClosedBefore(watermark) : () -> 0L));
        }
        for (TimerSpec timer : wiring.agent().timers()) {
            context.schedule(timer.interval(), timer.type(), time -> runTimer(timer, time));
        }
        if (!closers.isEmpty()) {
            context.schedule(WINDOW_CLOSE_CHECK, PunctuationType.WALL_CLOCK_TIME, time -> closeWindows());
        }
    }

    @Override
    public void process(Record<Object, Object> record) {
        long started = System.nanoTime();
        inFlight.enter(started);
        DeadLetterHandlers.rememberSource(context);
        current = record;
        currentHeaders = null;
        currentRequestId = RequestIds.ensure(record.headers());
        MDC.put(MDC_REQUEST_ID, currentRequestId);
        MDC.put(MDC_AGENT, agent);
        try {
            function.process(record.key(), record.value(), this);
        } catch (RuntimeException e) {
            metrics.recordError();
            throw e;
        } catch (Exception e) {
            metrics.recordError();
            throw new AgentFailedException(agent, e);
        } finally {
            current = null;
            currentRequestId = null;
            MDC.remove(MDC_REQUEST_ID);
            MDC.remove(MDC_AGENT);
            inFlight.leave();
            metrics.recordProcessed(System.nanoTime() - started);
        }
        if (!closers.isEmpty()) {
            long streamTime = context.currentStreamTimeMs();
            long now = context.currentSystemTimeMs();
            closers.forEach(closer -> closer.observe(streamTime, now));
        }
    }

    @Override
    public void close() {
        if (inFlight != null) {
            metrics.untrack(inFlight);
        }
    }

    private void runTimer(TimerSpec timer, long time) {
        timerTime = time;
        try {
            timer.timer().fire(this);
        } catch (RuntimeException e) {
            metrics.recordError();
            throw e;
        } catch (Exception e) {
            metrics.recordError();
            throw new AgentFailedException(agent, e);
        } finally {
            timerTime = -1;
        }
    }

    @SuppressWarnings("unchecked")
    private void closeWindows() {
        long streamTime = context.currentStreamTimeMs();
        long now = context.currentSystemTimeMs();
        for (WindowCloser<Object, Object> closer : closers) {
            WindowedTable<Object, Object> table = closer.table();
            try {
                closer.closeDue(streamTime, now, (key, window, value) -> {
                    timerTime = window.end().toEpochMilli() - 1;
                    if (table.closeHandler().isPresent()) {
                        table.closeHandler().get().closed(key, window, value, this);
                    }
                    if (table.closedWindowsTopic().isPresent()) {
                        Topic<Object, Object> topic = table.closedWindowsTopic().get();
                        RecordHeaders headers = new RecordHeaders();
                        headers.add("mephisto.window.start", window.start().toString().getBytes(StandardCharsets.UTF_8));
                        headers.add("mephisto.window.end", window.end().toString().getBytes(StandardCharsets.UTF_8));
                        context.forward(new Record<>(key, value, timerTime, headers), wiring.sinks().get(topic.name()));
                    }
                });
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new AgentFailedException(agent, e);
            } finally {
                timerTime = -1;
            }
        }
    }

    // ---- AgentContext ----

    @Override
    public <K, V> void send(Topic<K, V> topic, K key, V value) {
        String sink = sinkFor(topic);
        // one Record, not current.withKey().withValue(): every Record constructor copies the headers
        context.forward(current != null ? new Record<>(key, value, current.timestamp(), current.headers())
                : new Record<>(key, value, timestamp()), sink);
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
        context.forward(record, sink);
    }

    private String sinkFor(Topic<?, ?> topic) {
        String sink = wiring.sinks().get(topic.name());
        if (sink == null) {
            throw new IllegalStateException("agent '" + agent + "' sent to topic '" + topic.name()
                    + "', which it does not declare: add .sendsTo(" + topic.name() + ") to agent '" + agent + "'");
        }
        return sink;
    }

    @Override
    public String agent() {
        return agent;
    }

    @Override
    public String requestId() {
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
    public <K, V> LocalTable<K, V> table(Table<K, V> table) {
        LocalTable<?, ?> local = tables.get(table.name());
        if (local == null) {
            throw new IllegalStateException("agent '" + agent + "' used table '" + table.name()
                    + "', which it does not declare: add .uses(" + table.name() + ") to agent '" + agent + "'");
        }
        return (LocalTable<K, V>) local;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> LocalWindowedTable<K, V> table(WindowedTable<K, V> table) {
        LocalWindowedTable<?, ?> local = windowedTables.get(table.name());
        if (local == null) {
            throw new IllegalStateException("agent '" + agent + "' used windowed table '" + table.name()
                    + "', which it does not declare: add .uses(" + table.name() + ") to agent '" + agent + "'");
        }
        return (LocalWindowedTable<K, V>) local;
    }

    @Override
    public String toString() {
        return "AgentProcessor(" + agent + " at " + (current == null ? "-" : Instant.ofEpochMilli(current.timestamp()))
                + ")";
    }
}
