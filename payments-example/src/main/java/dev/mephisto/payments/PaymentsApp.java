package dev.mephisto.payments;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Dedupe;
import dev.mephisto.JoinWindow;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Source;
import dev.mephisto.Table;
import dev.mephisto.Topic;
import java.util.Objects;

/**
 * The payments pipeline as a Mephisto app: what its topics, tables, agents and join are, and
 * how they connect. Build one with {@link #create(PaymentsSettings)}, run it with
 * {@link PaymentsMain} or test it with {@code AppTestDriver.create(payments.app())}.
 *
 * <pre>
 * incoming_payment_received --dedupe by paymentId--> attribute --> incoming_payment_processed --balances (by account)--> balances
 *                 |        (invalid: dead letters; held: payments-pending)                |
 *                 +------------- reconcile (join on event time, within the window) -------+--> payments-reconciled
 *                                 unmatched after window and grace --> payments-overdue;  late --> dead letters
 * </pre>
 *
 * <pre>{@code
 * PaymentsApp payments = PaymentsApp.create(PaymentsSettings.defaults());
 * try (AppTestDriver driver = AppTestDriver.create(payments.app())) {
 *     driver.send(payments.received(), "p-1", payment);
 *     List<PaymentProcessed> done = driver.readValues(payments.processed());
 * }
 * }</pre>
 */
public final class PaymentsApp {

    /** The app's name: its Kafka Streams application id, and the prefix of its dead-letter topic. */
    public static final String NAME = "payments";

    private final PaymentsSettings settings;
    private final App app;
    private final Topic<String, PaymentReceived> received;
    private final Topic<String, PaymentProcessed> processed;
    private final Topic<String, Reconciled> reconciled;
    private final Topic<String, Overdue> overdue;
    private final KeyValueTable<String, PaymentReceived> pending;
    private final KeyValueTable<String, Balance> balances;

    private PaymentsApp(PaymentsSettings settings) {
        this.settings = settings;
        this.app = App.create(NAME, config -> config
                .withProcessingGuarantee(settings.guarantee())
                .withTopicPartitions(settings.partitions())
                .withTopicReplication(settings.replication())
                .withKafka("commit.interval.ms", settings.commitInterval().toMillis())
                // process what is buffered without first checking that every input partition was fetched
                // up: each task reads two repartition topics that the in-place routes leave empty, and
                // Kafka Streams' check formats a log string per empty partition per record (~8% of the
                // stream thread). The join's order across its sides stays event-time within the window
                // and grace; see "Payments per thread" on the benchmarks page
                .withKafka("max.task.idle.ms", -1L)
                // let each fetch wait up to 20 ms for 64 KiB rather than return with a record or two: at
                // 1,000 payments/s the stream thread then processes batches and spends a third less per
                // payment; a record waits for a commit at every hop anyway, so the p50 moved a few ms at
                // most (see "Round 7: payments, the fetch wait" on the benchmarks page)
                .withKafka("main.consumer.fetch.max.wait.ms", 20)
                .withKafka("main.consumer.fetch.min.bytes", 64 * 1024));
        // one partition count for every topic: the join needs its two sides co-partitioned
        this.received = app.topic(Topic.of("incoming_payment_received", Codec.string(),
                Codec.json(PaymentReceived.class)).withPartitions(settings.partitions())
                .withEventTime("receivedAt", PaymentReceived::receivedAt));
        this.processed = app.topic(Topic.of("incoming_payment_processed", Codec.string(),
                Codec.json(PaymentProcessed.class)).withPartitions(settings.partitions())
                .withEventTime("processedAt", PaymentProcessed::processedAt));
        this.reconciled = app.topic(Topic.of("payments-reconciled", Codec.string(), Codec.json(Reconciled.class))
                .withPartitions(settings.partitions()));
        this.overdue = app.topic(Topic.of("payments-overdue", Codec.string(), Codec.json(Overdue.class))
                .withPartitions(settings.partitions()));
        // held payments wait for a person: few, and read for every reconciled payment, so in memory
        this.pending = app.table(Table.of("payments-pending", Codec.string(), Codec.json(PaymentReceived.class))
                .inMemory());
        // written for every payment, read back by the next payment of the account: cached, so the store
        // and its changelog see each account once per commit
        this.balances = app.table(Table.of("balances", Codec.string(), Codec.json(Balance.class)).cached());

        // each paymentId once, whichever partition (and partitioner) a copy came in on
        Source<String, PaymentReceived> once = received.dedupe("received-once",
                Dedupe.by(PaymentReceived::paymentId, Codec.string()).within(settings.dedupRetention())
                        .rejectingConflicts(PaymentReceived::fingerprint));
        app.agent("attribute", once, new Attribute(settings, pending, processed))
                .sendsTo(processed)
                .uses(pending);

        Reconcile reconcile = new Reconcile(settings, pending, reconciled, overdue);
        app.join("reconcile", once, processed,
                        JoinWindow.within(settings.reconcileWindow()).withGrace(settings.reconcileGrace()),
                        reconcile::matched)
                // a payment has one processed record: a matched pair leaves the join's stores at once
                .oneToOne()
                .onUnmatchedLeft(reconcile::unmatched)
                .sendsTo(reconciled, overdue)
                .uses(pending);

        Source<String, PaymentProcessed> byAccount = processed.rekey("processed-by-account",
                (paymentId, payment) -> payment == null ? null : payment.accountId(), Codec.string());
        app.agent("balances", byAccount, (accountId, payment, ctx) -> {
            if (accountId == null || payment == null) {
                throw ctx.reject("processed payment without accountId or body cannot count towards a balance");
            }
            var table = ctx.table(balances);
            table.put(accountId, table.getOrDefault(accountId, Balance.empty(accountId)).plus(payment));
        }).uses(balances);
    }

    /** The payments app with these settings. */
    public static PaymentsApp create(PaymentsSettings settings) {
        return new PaymentsApp(Objects.requireNonNull(settings, "settings can't be null"));
    }

    /** The Mephisto app: run it from the command line with {@link PaymentsMain}. */
    public App app() {
        return app;
    }

    /** The settings it was built with. */
    public PaymentsSettings settings() {
        return settings;
    }

    /** {@code incoming_payment_received}: payments as they arrive, keyed by paymentId. */
    public Topic<String, PaymentReceived> received() {
        return received;
    }

    /** {@code incoming_payment_processed}: attributed payments, each paymentId once, keyed by paymentId. */
    public Topic<String, PaymentProcessed> processed() {
        return processed;
    }

    /** {@code payments-reconciled}: received matched with processed within the window. */
    public Topic<String, Reconciled> reconciled() {
        return reconciled;
    }

    /** {@code payments-overdue}: valid received payments not processed within the window and grace. */
    public Topic<String, Overdue> overdue() {
        return overdue;
    }

    /** {@code payments-pending}: held payments waiting for a processed record. */
    public KeyValueTable<String, PaymentReceived> pending() {
        return pending;
    }

    /** {@code balances}: per account, processed payments counted and summed per currency. */
    public KeyValueTable<String, Balance> balances() {
        return balances;
    }
}
