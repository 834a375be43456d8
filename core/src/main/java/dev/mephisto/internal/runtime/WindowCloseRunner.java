package dev.mephisto.internal.runtime;

import dev.mephisto.Topic;
import dev.mephisto.WindowedTable;
import dev.mephisto.internal.model.AgentWiring;
import dev.mephisto.internal.model.Names;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.processor.StateStore;

/**
 * Closes the windows of the tables an agent closes, for one task: each table's {@link WindowCloser}
 * says which windows are due, and every closed window goes to the table's close handler (with the
 * agent's context, its timestamp the window's last millisecond) and to its closed-windows topic.
 */
final class WindowCloseRunner {

    /** How often due windows are looked for, in wall-clock time. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final String agent;
    private final ProcessorContext<Object, Object> task;
    private final AgentTaskContext context;
    private final Map<String, String> sinks;
    private final List<WindowCloser<Object, Object>> closers = new ArrayList<>();
    private final Map<String, WindowCloser<Object, Object>> closerByTable = new LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    WindowCloseRunner(AgentWiring wiring, ProcessorContext<Object, Object> task, AgentTaskContext context) {
        this.agent = wiring.agent().name();
        this.task = task;
        this.context = context;
        this.sinks = wiring.sinks();
        for (WindowedTable<?, ?> table : wiring.closes()) {
            StateStore store = task.getStateStore(table.name());
            KeyValueStore<String, Long> watermark = task.getStateStore(Names.windowWatermarkStore(table.name()));
            WindowCloser<Object, Object> closer = new WindowCloser<>((WindowedTable<Object, Object>) table, store,
                    watermark, task.currentSystemTimeMs());
            closers.add(closer);
            closerByTable.put(table.name(), closer);
        }
    }

    /** Whether the agent closes any table's windows: otherwise there is nothing to schedule or observe. */
    boolean closesWindows() {
        return !closers.isEmpty();
    }

    /**
     * Where a windowed table's windows are closed, for its local view: this agent's closer when it
     * closes them, else the closing agent's stored watermark when the table emits closed windows,
     * else by this task's stream time alone (the window's end plus grace has passed it).
     */
    LongSupplier closedBefore(WindowedTable<?, ?> table) {
        WindowCloser<Object, Object> closer = closerByTable.get(table.name());
        if (closer != null) {
            return closer::closedBefore;
        }
        if (table.emitsClosedWindows()) {
            KeyValueStore<String, Long> watermark = task.getStateStore(Names.windowWatermarkStore(table.name()));
            return () -> WindowCloser.readClosedBefore(watermark);
        }
        long closeDelay = table.window().size().plus(table.window().grace()).toMillis();
        return () -> Math.max(0, task.currentStreamTimeMs() - closeDelay + 1);
    }

    /** Looks for due windows every {@link #CHECK_EVERY} of wall-clock time, when the agent closes any. */
    void schedule() {
        if (closesWindows()) {
            task.schedule(CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, time -> closeDue());
        }
    }

    /** After each record: notes the task's stream time, so idle time is counted from when it last moved. */
    void observe() {
        long streamTime = task.currentStreamTimeMs();
        long now = task.currentSystemTimeMs();
        for (int i = 0; i < closers.size(); i++) {
            closers.get(i).observe(streamTime, now);
        }
    }

    private void closeDue() {
        long streamTime = task.currentStreamTimeMs();
        long now = task.currentSystemTimeMs();
        for (WindowCloser<Object, Object> closer : closers) {
            WindowedTable<Object, Object> table = closer.table();
            try {
                closer.closeDue(streamTime, now, (key, window, value) -> {
                    long time = window.end().toEpochMilli() - 1;
                    context.enterTimer(time);
                    if (table.closeHandler().isPresent()) {
                        table.closeHandler().get().closed(key, window, value, context);
                    }
                    if (table.closedWindowsTopic().isPresent()) {
                        Topic<Object, Object> topic = table.closedWindowsTopic().get();
                        RecordHeaders headers = new RecordHeaders();
                        headers.add("mephisto.window.start", window.start().toString().getBytes(StandardCharsets.UTF_8));
                        headers.add("mephisto.window.end", window.end().toString().getBytes(StandardCharsets.UTF_8));
                        task.forward(new Record<>(key, value, time, headers), sinks.get(topic.name()));
                    }
                });
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new AgentFailedException(agent, e);
            } finally {
                context.leaveTimer();
            }
        }
    }
}
