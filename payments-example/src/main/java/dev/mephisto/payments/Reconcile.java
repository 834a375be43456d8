package dev.mephisto.payments;

import dev.mephisto.AgentContext;
import dev.mephisto.KeyValueTable;
import dev.mephisto.LocalTable;
import dev.mephisto.Topic;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@code reconcile} join does: a valid received payment matched with its processed record
 * within the window is reconciled; one that found none by the time its window and grace closed (in
 * stream time) is overdue. Either way a held payment leaves {@code payments-pending}. Invalid
 * received payments are the dead-letter topic's, never reconciled nor overdue.
 */
final class Reconcile {

    private static final Logger log = LoggerFactory.getLogger(Reconcile.class);

    private final PaymentsSettings settings;
    private final KeyValueTable<String, PaymentReceived> pending;
    private final Topic<String, Reconciled> reconciled;
    private final Topic<String, Overdue> overdue;

    Reconcile(PaymentsSettings settings, KeyValueTable<String, PaymentReceived> pending,
            Topic<String, Reconciled> reconciled, Topic<String, Overdue> overdue) {
        this.settings = settings;
        this.pending = pending;
        this.reconciled = reconciled;
        this.overdue = overdue;
    }

    void matched(String paymentId, PaymentReceived received, PaymentProcessed processed, AgentContext ctx) {
        if (!settings.rules().isValid(received)) {
            return;
        }
        settle(paymentId, ctx);
        ctx.send(reconciled, paymentId, Reconciled.of(received, processed));
    }

    void unmatched(String paymentId, PaymentReceived received, AgentContext ctx) {
        if (!settings.rules().isValid(received)) {
            return;
        }
        settle(paymentId, ctx);
        String reason = "not processed within " + settings.reconcileWindow() + " (grace " + settings.reconcileGrace() + ")";
        ctx.send(overdue, paymentId, Overdue.of(received, received.receivedAt().plus(settings.reconcileWindow()),
                Instant.ofEpochMilli(ctx.wallClockMillis()), reason));
        log.info("payment overdue paymentId={} accountId={} receivedAt={} reason=\"{}\"", paymentId,
                received.accountId(), received.receivedAt(), reason);
    }

    /** A held payment is settled: processed by a person, or overdue. */
    private void settle(String paymentId, AgentContext ctx) {
        LocalTable<String, PaymentReceived> waiting = ctx.table(pending);
        // get first: a delete writes a changelog tombstone even for an absent key, and most payments were never held
        if (waiting.get(paymentId) != null) {
            waiting.put(paymentId, null);
        }
    }
}
