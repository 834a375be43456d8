package dev.mephisto.internal.runtime;

import dev.mephisto.internal.model.AgentWiring;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What an agent task does around each record it handles, an agent's ({@link AgentProcessor}) and a
 * join's ({@link JoinProcessor}) alike: it times and counts the record ({@link ProcessingTally}),
 * shows it in flight to the health check ({@link InFlight}), keeps its source for a dead letter
 * ({@link DeadLetterHandlers#rememberSource}), makes sure it has a request id, and hands it to the
 * task's {@link AgentTaskContext} and the thread's {@link RecordLogContext}. One per task, made in
 * the processor's {@code init}; the per-thread parts are looked up again only when the task runs on
 * another stream thread than before.
 */
final class RecordBookkeeping {

    private final String name;
    private final AgentMetrics metrics;
    private final ProcessorContext<Object, Object> task;
    private final ProcessingTally tally;
    private final InFlight inFlight;
    private final AgentTaskContext context;
    /** The thread this task last ran on, and that thread's log context and place for the source record. */
    private Thread thread;
    private RecordLogContext log;
    private DeadLetterHandlers.SourceRecord source;
    private boolean closed;

    /** For the task {@code task} of the agent or join {@code name}: its tally and in-flight slot open here. */
    RecordBookkeeping(String name, AgentWiring wiring, ProcessorContext<Object, Object> task, AgentMetrics metrics) {
        this.name = name;
        this.metrics = metrics;
        this.task = task;
        this.tally = metrics.open();
        this.inFlight = metrics.track();
        this.context = new AgentTaskContext(wiring, task, tally);
    }

    /** The context the task's code sees, which the records handed in here are the current record of. */
    AgentTaskContext context() {
        return context;
    }

    /**
     * The task begins {@code record}: from now on its context and the thread's log context show it.
     * Gives what {@link #leave} and {@link #done} need when it ends.
     */
    long enter(Record<Object, Object> record) {
        long started = tally.start();
        Thread current = Thread.currentThread();
        if (current != thread) {
            movedTo(current);
        }
        inFlight.enter();
        DeadLetterHandlers.rememberSource(task, source);
        byte[] requestId = RequestIds.ensureBytes(record.headers());
        context.enterRecord(record, requestId);
        log.enter(name, requestId);
        return started;
    }

    /** The task runs on another stream thread than before (or on its first record): that thread's per-thread state. */
    private void movedTo(Thread current) {
        thread = current;
        log = RecordLogContext.forThisThread();
        source = DeadLetterHandlers.sourceOfThisThread();
        inFlight.runsOn(current);
    }

    /** The record {@link #enter} began ends: the task is no longer in flight, and it is timed and counted. */
    void leave(long started) {
        leaveRecord();
        done(started);
    }

    /**
     * The task's code is done with the record: the contexts no longer show it, so what the task does
     * next (a join closing windows) is not taken for the record's. {@link #done} follows.
     */
    void leaveRecord() {
        context.leaveRecord();
        log.leave();
    }

    /** After {@link #leaveRecord}: the task is no longer in flight, and the record is timed and counted. */
    void done(long started) {
        inFlight.leave();
        tally.end(started);
    }

    /** The task closes: its tally and in-flight slot go back to the agent's metrics. Once only has effect. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        metrics.untrack(inFlight);
        metrics.close(tally);
    }
}
