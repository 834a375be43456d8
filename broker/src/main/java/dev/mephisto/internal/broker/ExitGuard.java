package dev.mephisto.internal.broker;

import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an in-process Kafka broker from ending the JVM: while at least one embedded broker runs, Kafka's
 * {@code Exit.halt} and {@code Exit.exit} log an error and throw instead. The procedures are JVM-wide, so they are
 * reference-counted and reset when the last broker has stopped.
 */
public final class ExitGuard {

    private static final Logger log = LoggerFactory.getLogger(ExitGuard.class);

    private static int holders;
    private static boolean refused;

    private ExitGuard() {
    }

    public static synchronized void acquire() {
        if (holders++ == 0) {
            Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
            Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
        }
    }

    public static synchronized void release() {
        if (holders == 0) {
            return;
        }
        if (--holders == 0) {
            refused = false;
            Exit.resetHaltProcedure();
            Exit.resetExitProcedure();
        }
    }

    /** True once a broker of this JVM asked to halt or exit since the guard was first acquired: it will not shut down cleanly. */
    public static synchronized boolean refusedAny() {
        return refused;
    }

    private static void refuse(String kind, int status, String message) {
        synchronized (ExitGuard.class) {
            refused = true;
        }
        String reason = message == null ? "a fatal fault (see the broker's error log above)" : message;
        log.error("embedded Kafka broker asked the JVM to {} status={} reason={}; the JVM keeps running, "
                + "but the broker is unusable: close it and start it again", kind, status, reason);
        throw new IllegalStateException("embedded Kafka broker hit a fatal fault and asked the JVM to " + kind
                + " (status " + status + "): " + reason + "; close the broker and start it again");
    }
}
