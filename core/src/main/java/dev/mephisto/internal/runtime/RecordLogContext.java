package dev.mephisto.internal.runtime;

import dev.mephisto.AgentContext;
import java.nio.charset.StandardCharsets;
import org.slf4j.MDC;

/**
 * The request id and agent of the record a thread is handling, as its log lines show them under
 * {@link AgentContext#REQUEST_ID_MDC_KEY} and {@link AgentContext#AGENT_MDC_KEY}.
 *
 * <p>Two ways to get them into the MDC. By default the record's context is put into the MDC when
 * the record begins and removed when it ends: four MDC calls per record, about a tenth of what a
 * one-send agent costs. When a logging filter says it fills the MDC on demand ({@link #fillOnDemand},
 * mephisto-logging's {@code RecordContextInLogs}, part of its default setup), a record only writes
 * two fields of this thread's context, and the filter calls {@link #fillMdc()} when a line is about
 * to be written: from the record's first line to its end the MDC holds its context, and a record
 * that logs nothing costs nothing. The request id stays in its header's bytes until a line or the
 * agent's code asks for its text.
 *
 * <p>One instance per thread ({@link #forThisThread()}); a processor keeps the one of the thread it
 * last ran on. Written and read on that thread only.
 */
public final class RecordLogContext {

    private static final ThreadLocal<RecordLogContext> PER_THREAD = ThreadLocal.withInitial(RecordLogContext::new);

    /** Set while a logging filter fills the MDC when a line is written. */
    private static volatile boolean onDemand;

    private String name;
    private byte[] idBytes;
    private String id;
    /** Whether this thread's MDC may hold a context put here, so leaving must remove it. */
    private boolean inMdc;
    /** Whether the MDC holds the current record's context. */
    private boolean filled;

    private RecordLogContext() {
    }

    /** This thread's context. */
    static RecordLogContext forThisThread() {
        return PER_THREAD.get();
    }

    /**
     * From now on ({@code true}) a logging filter calls {@link #fillMdc()} before every line it lets
     * through, so records no longer put their context into the MDC up front; {@code false} when the
     * filter stops.
     */
    public static void fillOnDemand(boolean on) {
        onDemand = on;
    }

    /** Whether a logging filter fills the MDC on demand. */
    public static boolean fillsOnDemand() {
        return onDemand;
    }

    /**
     * Puts the context of the record this thread is handling, if any, into the MDC, for the line
     * about to be written; it stays there until the record ends.
     */
    public static void fillMdc() {
        PER_THREAD.get().putIntoMdc();
    }

    /** The thread now handles a record of {@code name} whose request id is the UTF-8 {@code requestId}. */
    void enter(String name, byte[] requestId) {
        this.name = name;
        this.idBytes = requestId;
        this.id = null;
        this.filled = false;
        if (!onDemand) {
            putIntoMdc();
        }
    }

    /** The record ends: its context leaves the MDC if it was put there. */
    void leave() {
        name = null;
        idBytes = null;
        id = null;
        filled = false;
        if (inMdc) {
            inMdc = false;
            MDC.remove(AgentContext.REQUEST_ID_MDC_KEY);
            MDC.remove(AgentContext.AGENT_MDC_KEY);
        }
    }

    /** The current record's request id, decoded once, or {@code null} between records. */
    String requestId() {
        if (id == null && idBytes != null) {
            id = new String(idBytes, StandardCharsets.UTF_8);
        }
        return id;
    }

    private void putIntoMdc() {
        if (filled || name == null) {
            return;
        }
        String requestId = requestId();
        if (requestId != null) {
            MDC.put(AgentContext.REQUEST_ID_MDC_KEY, requestId);
        } else {
            MDC.remove(AgentContext.REQUEST_ID_MDC_KEY);
        }
        MDC.put(AgentContext.AGENT_MDC_KEY, name);
        filled = true;
        inMdc = true;
    }
}
