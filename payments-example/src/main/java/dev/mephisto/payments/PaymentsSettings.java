package dev.mephisto.payments;

import dev.mephisto.ProcessingGuarantee;
import dev.mephisto.Setting;
import dev.mephisto.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the payments app is set up: guarantee, topic layout, reconciliation window, dedup retention,
 * housekeeping intervals and the rules. Immutable; copy with the {@code withX} methods.
 *
 * <p>Each component is also a {@link Setting} ({@link #SETTINGS}), which the command line resolves
 * from flags, {@code PAYMENTS_*} environment variables, {@code payments.*} keys of the
 * {@code --config} file and the defaults ({@link #from(Settings)}): {@code reconcileWindow} is
 * {@link #RECONCILE_WINDOW}, {@code --reconcile-window}, {@code PAYMENTS_RECONCILE_WINDOW} and
 * {@code payments.reconcile.window}. Durations are written {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 24h}, {@code 7d} or ISO-8601 {@code PT30S}.
 *
 * <pre>{@code
 * PaymentsSettings settings = PaymentsSettings.defaults()
 *         .withReconcileWindow(Duration.ofSeconds(10))
 *         .withDedupRetention(Duration.ofHours(1));
 * }</pre>
 *
 * @param guarantee processing guarantee; exactly-once by default, as balances must be exact
 * @param partitions partitions of every payments topic (they must be equal: the agents share tables)
 * @param replication replication factor of every topic the app creates
 * @param reconcileWindow how far apart receivedAt and processedAt may be for a match
 * @param reconcileGrace how long after its window a record may arrive and still count; later is a
 *     {@code late} dead letter
 * @param dedupRetention how long a paymentId is remembered to drop duplicate deliveries
 * @param commitInterval how often a worker commits (under exactly-once: ends its transaction); longer
 *     trades end-to-end latency for throughput, as each commit waits for every output partition. The
 *     default, 100 ms (Kafka Streams' own under exactly-once), is the latency floor of each hop: a
 *     record is visible read-committed only when its transaction ends, half an interval later on
 *     average
 * @param rules the validation and ledger rules
 */
public record PaymentsSettings(ProcessingGuarantee guarantee, int partitions, int replication,
        Duration reconcileWindow, Duration reconcileGrace, Duration dedupRetention,
        Duration commitInterval, PaymentRules rules) {

    /** {@code --guarantee}, {@code PAYMENTS_GUARANTEE}, {@code payments.guarantee}. */
    public static final Setting<ProcessingGuarantee> GUARANTEE = Setting.of("payments.guarantee",
                    "exactly_once|at_least_once", PaymentsSettings::guarantee,
                    "Processing guarantee; exactly-once keeps balances exact through crashes.")
            .withDefault(ProcessingGuarantee.EXACTLY_ONCE)
            .withFormat(guarantee -> guarantee.name().toLowerCase(Locale.ROOT));
    /** {@code --partitions}, {@code PAYMENTS_PARTITIONS}, {@code payments.partitions}. */
    public static final Setting<Integer> PARTITIONS = Setting.integer("payments.partitions",
                    "Partitions of every payments topic (all equal: the agents share tables).")
            .withDefault(3).withCheck(partitions -> partitions >= 1, "must be 1 or more");
    /** {@code --replication}, {@code PAYMENTS_REPLICATION}, {@code payments.replication}. */
    public static final Setting<Integer> REPLICATION = Setting.integer("payments.replication",
                    "Replication factor of every topic the app creates (3 on a real cluster).")
            .withDefault(1).withCheck(replication -> replication >= 1, "must be 1 or more");
    /** {@code --reconcile-window}, {@code PAYMENTS_RECONCILE_WINDOW}, {@code payments.reconcile.window}. */
    public static final Setting<Duration> RECONCILE_WINDOW = Setting.duration("payments.reconcile.window",
                    "How far apart receivedAt and processedAt may be for a match.")
            .withDefault(Duration.ofSeconds(30)).withCheck(PaymentsSettings::positive, "must be positive");
    /** {@code --reconcile-grace}, {@code PAYMENTS_RECONCILE_GRACE}, {@code payments.reconcile.grace}. */
    public static final Setting<Duration> RECONCILE_GRACE = Setting.duration("payments.reconcile.grace",
                    "How long after its window a record may arrive and still count; later is a late dead letter.")
            .withDefault(Duration.ofSeconds(5)).withCheck(grace -> !grace.isNegative(), "must not be negative");
    /** {@code --dedup-retention}, {@code PAYMENTS_DEDUP_RETENTION}, {@code payments.dedup.retention}. */
    public static final Setting<Duration> DEDUP_RETENTION = Setting.duration("payments.dedup.retention",
                    "How long a paymentId is remembered; redeliveries within it are processed once.")
            .withDefault(Duration.ofHours(24)).withCheck(PaymentsSettings::positive, "must be positive");
    /** {@code --commit-interval}, {@code PAYMENTS_COMMIT_INTERVAL}, {@code payments.commit.interval}. */
    public static final Setting<Duration> COMMIT_INTERVAL = Setting.duration("payments.commit.interval",
                    "How often a worker commits; under exactly-once each commit ends a transaction: longer is"
                            + " faster, later.")
            .withDefault(Duration.ofMillis(100)).withCheck(PaymentsSettings::positive, "must be positive");
    /** {@code --rules}, {@code PAYMENTS_RULES}, {@code payments.rules}. */
    public static final Setting<Path> RULES = Setting.path("payments.rules",
            "A rules JSON file. Unset: the rules in the jar.").withLabel("FILE");
    /** Every payments setting, for {@code Cli.settings(...)}. */
    public static final List<Setting<?>> SETTINGS = List.of(GUARANTEE, PARTITIONS, REPLICATION, RECONCILE_WINDOW,
            RECONCILE_GRACE, DEDUP_RETENTION, COMMIT_INTERVAL, RULES);

    public PaymentsSettings {
        Objects.requireNonNull(guarantee, "guarantee can't be null");
        Objects.requireNonNull(rules, "rules can't be null");
        if (partitions < 1) {
            throw new IllegalArgumentException("payments partitions must be 1 or more, got " + partitions);
        }
        if (replication < 1) {
            throw new IllegalArgumentException("payments replication must be 1 or more, got " + replication);
        }
        requirePositive("reconcile window", reconcileWindow);
        Objects.requireNonNull(reconcileGrace, "reconcileGrace can't be null");
        if (reconcileGrace.isNegative()) {
            throw new IllegalArgumentException("reconcile grace must not be negative, got " + reconcileGrace);
        }
        requirePositive("dedup retention", dedupRetention);
        requirePositive("commit interval", commitInterval);
    }

    /**
     * Exactly-once, 3 partitions, replication 1, a 30 s window with 5 s grace, 24 h dedup, commits
     * every 100 ms, the jar's rules.
     */
    public static PaymentsSettings defaults() {
        return new PaymentsSettings(ProcessingGuarantee.EXACTLY_ONCE, 3, 1, Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofHours(24), Duration.ofMillis(100), PaymentRules.defaults());
    }

    /**
     * The settings as the command line resolved them; {@code settings} must declare {@link #SETTINGS}.
     *
     * <pre>{@code
     * PaymentsSettings settings = PaymentsSettings.from(Settings.defaults(PaymentsSettings.SETTINGS)
     *         .with(PaymentsSettings.RECONCILE_WINDOW, Duration.ofSeconds(10)));
     * }</pre>
     */
    public static PaymentsSettings from(Settings settings) {
        Objects.requireNonNull(settings, "settings can't be null");
        PaymentRules rules = settings.find(RULES).map(PaymentRules::load).orElseGet(PaymentRules::defaults);
        return new PaymentsSettings(settings.get(GUARANTEE), settings.get(PARTITIONS), settings.get(REPLICATION),
                settings.get(RECONCILE_WINDOW), settings.get(RECONCILE_GRACE), settings.get(DEDUP_RETENTION),
                settings.get(COMMIT_INTERVAL), rules);
    }

    public PaymentsSettings withGuarantee(ProcessingGuarantee guarantee) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, reconcileGrace,
                dedupRetention, commitInterval, rules);
    }

    public PaymentsSettings withPartitions(int partitions) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, reconcileGrace,
                dedupRetention, commitInterval, rules);
    }

    public PaymentsSettings withReplication(int replication) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, reconcileGrace,
                dedupRetention, commitInterval, rules);
    }

    public PaymentsSettings withReconcileWindow(Duration window) {
        return new PaymentsSettings(guarantee, partitions, replication, window, reconcileGrace, dedupRetention,
                commitInterval, rules);
    }

    public PaymentsSettings withReconcileGrace(Duration grace) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, grace, dedupRetention,
                commitInterval, rules);
    }

    public PaymentsSettings withDedupRetention(Duration retention) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, reconcileGrace, retention,
                commitInterval, rules);
    }

    public PaymentsSettings withCommitInterval(Duration interval) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, reconcileGrace,
                dedupRetention, interval, rules);
    }

    public PaymentsSettings withRules(PaymentRules rules) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, reconcileGrace,
                dedupRetention, commitInterval, rules);
    }

    private static ProcessingGuarantee guarantee(String text) {
        return switch (text.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "exactly_once", "exactly_once_v2", "eos" -> ProcessingGuarantee.EXACTLY_ONCE;
            case "at_least_once" -> ProcessingGuarantee.AT_LEAST_ONCE;
            default -> throw new IllegalArgumentException("'" + text + "' is no guarantee: use exactly_once (the"
                    + " default) or at_least_once");
        };
    }

    private static boolean positive(Duration value) {
        return !value.isNegative() && !value.isZero();
    }

    private static void requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what + " can't be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
