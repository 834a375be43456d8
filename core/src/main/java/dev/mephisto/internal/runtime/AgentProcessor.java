package dev.mephisto.internal.runtime;

import dev.mephisto.AgentFunction;
import dev.mephisto.internal.model.AgentWiring;
import dev.mephisto.internal.model.TimerSpec;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Runs one agent for one task: its function per record, with the request id and agent in the
 * logging context, timed and counted ({@link RecordBookkeeping}). Its {@link AgentTaskContext} is
 * what the function sees, its {@link TimerRunner}s run the timers, its {@link WindowCloseRunner}
 * closes windows.
 */
public final class AgentProcessor implements Processor<Object, Object, Object, Object> {

    private final AgentWiring wiring;
    private final String agent;
    private final AgentFunction<Object, Object> function;
    private final AgentMetrics metrics;
    private ProcessorContext<Object, Object> task;
    private AgentTaskContext context;
    private WindowCloseRunner windows;
    private boolean closesWindows;
    /** What the task does around each record: timing, in flight, request id, log context. */
    private RecordBookkeeping bookkeeping;
    /** Null without an OpenTelemetry SDK: then tracing costs a record one null check. */
    private Tracer tracer;

    public AgentProcessor(AgentWiring wiring, AgentMetrics metrics) {
        this.wiring = wiring;
        this.agent = wiring.agent().name();
        this.function = wiring.agent().function();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> task) {
        this.task = task;
        this.bookkeeping = new RecordBookkeeping(agent, wiring, task, metrics);
        this.tracer = Tracing.tracer();
        this.context = bookkeeping.context();
        context.forwardSameRecord(tracer == null);
        this.windows = new WindowCloseRunner(wiring, task, context);
        this.closesWindows = windows.closesWindows();
        context.openTables(wiring, windows::closedBefore);
        for (TimerSpec timer : wiring.agent().timers()) {
            TimerRunner.schedule(agent, timer, task, context, metrics);
        }
        windows.schedule();
    }

    @Override
    public void process(Record<Object, Object> record) {
        long started = bookkeeping.enter(record);
        if (tracer != null) {
            processTraced(record, context.requestId(), started);
        } else {
            processUntraced(record, started);
        }
        if (closesWindows) {
            windows.observe();
        }
    }

    private void processUntraced(Record<Object, Object> record, long started) {
        try {
            function.process(record.key(), record.value(), context);
        } catch (Exception e) {
            throw metrics.failure(agent, e);
        } finally {
            bookkeeping.leave(started);
        }
    }

    /**
     * Under a span whose parent is the record's {@code traceparent}; the record's header then names
     * this span, so what the agent sends (which copies the headers) continues the trace.
     */
    private void processTraced(Record<Object, Object> record, String requestId, long started) {
        Span span = Tracing.startFromRecord(tracer, agent, SpanKind.CONSUMER, record.headers());
        span.setAttribute("messaging.system", "kafka");
        task.recordMetadata().ifPresent(metadata -> span.setAttribute("messaging.destination.name", metadata.topic()));
        span.setAttribute("mephisto.agent", agent);
        span.setAttribute(Tracing.REQUEST_ID_ATTRIBUTE, requestId);
        try (Scope scope = span.makeCurrent()) {
            Tracing.injectCurrent(record.headers());
            function.process(record.key(), record.value(), context);
        } catch (Exception e) {
            Tracing.failed(span, e);
            throw metrics.failure(agent, e);
        } finally {
            span.end();
            bookkeeping.leave(started);
        }
    }

    @Override
    public void close() {
        if (bookkeeping != null) {
            bookkeeping.close();
        }
    }

    @Override
    public String toString() {
        return "AgentProcessor(" + context + ")";
    }
}
