package dev.mephisto.payments;

import dev.mephisto.AgentContext;
import dev.mephisto.AgentFunction;
import dev.mephisto.KeyValueTable;
import dev.mephisto.LocalTable;
import dev.mephisto.Topic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code attribute} agent: validates each received payment by the rules, drops duplicate
 * deliveries of a paymentId it has seen within the dedup retention, and attributes the rest to a
 * ledger. Invalid payments and conflicting redeliveries are rejected to the dead-letter topic with
 * the reason; a payment whose ledger holds it waits in {@code payments-pending} for a person;
 * every other one goes to {@code incoming_payment_processed} at once.
 */
final class Attribute implements AgentFunction<String, PaymentReceived> {

    private static final Logger log = LoggerFactory.getLogger(Attribute.class);

    private final PaymentsSettings settings;
    private final KeyValueTable<String, SeenPayment> seen;
    private final KeyValueTable<String, PaymentReceived> pending;
    private final Topic<String, PaymentProcessed> processed;
    private final Topic<String, Overdue> overdue;

    Attribute(PaymentsSettings settings, KeyValueTable<String, SeenPayment> seen, KeyValueTable<String, PaymentReceived> pending,
            Topic<String, PaymentProcessed> processed, Topic<String, Overdue> overdue) {
        this.settings = settings;
        this.seen = seen;
        this.pending = pending;
        this.processed = processed;
        this.overdue = overdue;
    }

    @Override
    public void process(String paymentId, PaymentReceived payment, AgentContext ctx) {
        if (payment == null) {
            throw ctx.reject("record with key '" + paymentId + "' has no value: a received payment is a JSON object");
        }
        List<String> problems = settings.rules().violations(payment);
        if (!problems.isEmpty()) {
            throw ctx.reject("invalid payment: " + String.join("; ", problems));
        }
        if (!payment.paymentId().equals(paymentId)) {
            throw ctx.reject("record key '" + paymentId + "' is not the paymentId '" + payment.paymentId()
                    + "': key received payments by paymentId so duplicates meet on one partition");
        }
        LocalTable<String, SeenPayment> seenTable = ctx.table(seen);
        SeenPayment first = seenTable.get(paymentId);
        if (first != null) {
            if (!first.fingerprint().equals(payment.fingerprint())) {
                throw ctx.reject("conflicting duplicate: paymentId " + paymentId + " was first received "
                        + Instant.ofEpochMilli(first.firstSeenAt()) + " as " + first.fingerprint()
                        + ", this delivery says " + payment.fingerprint());
            }
            log.debug("duplicate payment dropped paymentId={} firstSeenAt={}", paymentId,
                    Instant.ofEpochMilli(first.firstSeenAt()));
            return;
        }
        // everything is computed before the first write or send: what can fail fails with nothing written
        long now = ctx.wallClockMillis();
        SeenPayment seenNow = new SeenPayment(now, payment.fingerprint());
        LedgerRule ledger = settings.rules().attribute(payment);
        if (ledger.holds()) {
            seenTable.put(paymentId, seenNow);
            ctx.table(pending).put(paymentId, payment);
            log.info("payment held for review paymentId={} accountId={} ledger={}", paymentId, payment.accountId(),
                    ledger.ledger());
            return;
        }
        PaymentProcessed done = PaymentProcessed.of(payment, ledger.ledger(), Instant.ofEpochMilli(now));
        Overdue late = lateness(payment, now);
        seenTable.put(paymentId, seenNow);
        ctx.send(processed, paymentId, done);
        if (late != null) {
            ctx.send(overdue, paymentId, late);
        }
    }

    /** The overdue notice of a payment processed outside its window at {@code now}, or {@code null}. */
    private Overdue lateness(PaymentReceived payment, long now) {
        long receivedAt = payment.receivedAt().toEpochMilli();
        if (settings.withinWindow(receivedAt, now)) {
            return null;
        }
        Instant dueBy = payment.receivedAt().plus(settings.reconcileWindow());
        return Overdue.of(payment, dueBy, Instant.ofEpochMilli(now),
                "processed late: " + (now - receivedAt) + " ms after it was received");
    }

    /** The purge timer: forgets paymentIds first seen more than the dedup retention ago. */
    void forgetOldPayments(AgentContext ctx) {
        long horizon = ctx.wallClockMillis() - settings.dedupRetention().toMillis();
        LocalTable<String, SeenPayment> seenTable = ctx.table(seen);
        List<String> old = new ArrayList<>();
        seenTable.forEach((paymentId, entry) -> {
            if (entry.firstSeenAt() < horizon) {
                old.add(paymentId);
            }
        });
        old.forEach(seenTable::delete);
        if (!old.isEmpty()) {
            log.debug("forgot paymentIds older than the dedup retention count={} retention={}", old.size(),
                    settings.dedupRetention());
        }
    }
}
