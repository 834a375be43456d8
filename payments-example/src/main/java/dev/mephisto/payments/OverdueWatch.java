package dev.mephisto.payments;

import dev.mephisto.AgentContext;
import dev.mephisto.AgentFunction;
import dev.mephisto.KeyValueTable;
import dev.mephisto.LocalTable;
import dev.mephisto.Topic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code watch-overdue} agent: a processed record settles the held payment waiting for it in
 * {@code payments-pending}; a wall-clock timer sends every held payment whose window and grace have
 * passed to {@code payments-overdue}, whether or not any record arrives.
 */
final class OverdueWatch implements AgentFunction<String, PaymentProcessed> {

    private static final Logger log = LoggerFactory.getLogger(OverdueWatch.class);

    private final PaymentsSettings settings;
    private final KeyValueTable<String, PaymentReceived> pending;
    private final Topic<String, Overdue> overdue;

    OverdueWatch(PaymentsSettings settings, KeyValueTable<String, PaymentReceived> pending, Topic<String, Overdue> overdue) {
        this.settings = settings;
        this.pending = pending;
        this.overdue = overdue;
    }

    @Override
    public void process(String paymentId, PaymentProcessed payment, AgentContext ctx) {
        if (paymentId == null || payment == null) {
            return;
        }
        LocalTable<String, PaymentReceived> waiting = ctx.table(pending);
        // get first: a delete writes a changelog tombstone even for an absent key, and most payments
        // were never held
        PaymentReceived held = waiting.get(paymentId);
        if (held == null) {
            return; // processed automatically, or already reported overdue
        }
        waiting.delete(paymentId);
        long processedAt = payment.processedAt() == null ? ctx.timestamp() : payment.processedAt().toEpochMilli();
        if (!settings.withinWindow(held.receivedAt().toEpochMilli(), processedAt)) {
            report(ctx, held, "processed late: " + (processedAt - held.receivedAt().toEpochMilli())
                    + " ms after it was received");
        }
    }

    /** The timer: every held payment past its window and grace is overdue now. */
    void reportOverdue(AgentContext ctx) {
        long now = ctx.wallClockMillis();
        LocalTable<String, PaymentReceived> waiting = ctx.table(pending);
        List<Map.Entry<String, PaymentReceived>> due = new ArrayList<>();
        waiting.forEach((paymentId, held) -> {
            if (settings.overdueAfterMillis(held.receivedAt().toEpochMilli()) < now) {
                due.add(Map.entry(paymentId, held));
            }
        });
        for (Map.Entry<String, PaymentReceived> entry : due) {
            waiting.delete(entry.getKey());
            report(ctx, entry.getValue(), "not processed within " + settings.reconcileWindow() + " (grace "
                    + settings.reconcileGrace() + ")");
        }
    }

    private void report(AgentContext ctx, PaymentReceived held, String reason) {
        Instant dueBy = held.receivedAt().plus(settings.reconcileWindow());
        Instant now = Instant.ofEpochMilli(ctx.wallClockMillis());
        ctx.send(overdue, held.paymentId(), Overdue.of(held, dueBy, now, reason));
        log.info("payment overdue paymentId={} accountId={} receivedAt={} reason=\"{}\"", held.paymentId(),
                held.accountId(), held.receivedAt(), reason);
    }
}
