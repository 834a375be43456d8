package dev.mephisto.payments;

import dev.mephisto.AgentContext;
import dev.mephisto.AgentFunction;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Topic;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code attribute} agent: validates each received payment by the rules and attributes it to a
 * ledger. It reads the payments once per paymentId (the app's dedupe drops copies before they get
 * here); invalid payments are rejected to the dead-letter topic with the reason; a payment whose
 * ledger holds it waits in {@code payments-pending} for a person; every other one goes to
 * {@code incoming_payment_processed} at once.
 */
final class Attribute implements AgentFunction<String, PaymentReceived> {

    private static final Logger log = LoggerFactory.getLogger(Attribute.class);

    private final PaymentsSettings settings;
    private final KeyValueTable<String, PaymentReceived> pending;
    private final Topic<String, PaymentProcessed> processed;

    Attribute(PaymentsSettings settings, KeyValueTable<String, PaymentReceived> pending,
            Topic<String, PaymentProcessed> processed) {
        this.settings = settings;
        this.pending = pending;
        this.processed = processed;
    }

    @Override
    public void process(String paymentId, PaymentReceived payment, AgentContext ctx) {
        List<String> problems = settings.rules().violations(payment);
        if (!problems.isEmpty()) {
            throw ctx.reject("invalid payment: " + String.join("; ", problems));
        }
        LedgerRule ledger = settings.rules().attribute(payment);
        if (ledger.holds()) {
            ctx.table(pending).put(paymentId, payment);
            log.info("payment held for review paymentId={} accountId={} ledger={}", paymentId, payment.accountId(),
                    ledger.ledger());
            return;
        }
        ctx.send(processed, paymentId, PaymentProcessed.of(payment, ledger.ledger(),
                Instant.ofEpochMilli(ctx.wallClockMillis())));
    }
}
