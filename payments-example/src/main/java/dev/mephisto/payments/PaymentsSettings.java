package dev.mephisto.payments;

import dev.mephisto.ProcessingGuarantee;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the payments app is set up: guarantee, topic layout, reconciliation window, dedup retention,
 * housekeeping intervals and the rules. Immutable; copy with the {@code withX} methods.
 *
 * <p>{@link #fromEnvironment} reads, over the defaults, environment variables and then Java system
 * properties (the later wins): {@code PAYMENTS_GUARANTEE} / {@code payments.guarantee}
 * ({@code exactly_once} or {@code at_least_once}), {@code PAYMENTS_PARTITIONS},
 * {@code PAYMENTS_REPLICATION}, {@code PAYMENTS_RECONCILE_WINDOW}, {@code PAYMENTS_RECONCILE_GRACE},
 * {@code PAYMENTS_DEDUP_RETENTION}, {@code PAYMENTS_OVERDUE_CHECK}, {@code PAYMENTS_DEDUP_PURGE},
 * {@code PAYMENTS_COMMIT_INTERVAL}
 * (durations as {@code 30s}, {@code 5m}, {@code 24h}, {@code 500ms} or ISO-8601 {@code PT30S}) and
 * {@code PAYMENTS_RULES} (a rules JSON file).
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
 * @param reconcileGrace how late a record may arrive and still count (Kafka Streams join grace)
 * @param dedupRetention how long a paymentId is remembered to drop duplicate deliveries
 * @param overdueCheck how often held payments are checked for being overdue (wall clock)
 * @param dedupPurge how often remembered paymentIds older than the retention are forgotten
 * @param commitInterval how often a worker commits (under exactly-once: ends its transaction); longer
 *     trades end-to-end latency for throughput, as each commit waits for every output partition
 * @param rules the validation and ledger rules
 */
public record PaymentsSettings(ProcessingGuarantee guarantee, int partitions, int replication,
        Duration reconcileWindow, Duration reconcileGrace, Duration dedupRetention, Duration overdueCheck,
        Duration dedupPurge, Duration commitInterval, PaymentRules rules) {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

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
        requirePositive("overdue check interval", overdueCheck);
        requirePositive("dedup purge interval", dedupPurge);
        requirePositive("commit interval", commitInterval);
    }

    /**
     * Exactly-once, 3 partitions, replication 1, a 30 s window with 5 s grace, 24 h dedup, commits
     * every 500 ms, the jar's rules.
     */
    public static PaymentsSettings defaults() {
        return new PaymentsSettings(ProcessingGuarantee.EXACTLY_ONCE, 3, 1, Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofMillis(500), PaymentRules.defaults());
    }

    /**
     * The defaults, overridden by {@code PAYMENTS_*} environment variables, then by
     * {@code payments.*} system properties.
     *
     * @throws IllegalArgumentException naming the variable, its value and what it should be
     */
    public static PaymentsSettings fromEnvironment(Map<String, String> env, Properties system) {
        Objects.requireNonNull(env, "env can't be null");
        Objects.requireNonNull(system, "system can't be null");
        Function<String, String> lookup = name -> {
            String property = system.getProperty("payments." + name.toLowerCase(Locale.ROOT).replace('_', '.'));
            if (property != null && !property.isBlank()) {
                return property.trim();
            }
            String variable = env.get("PAYMENTS_" + name);
            return variable == null || variable.isBlank() ? null : variable.trim();
        };
        PaymentsSettings settings = defaults();
        String value;
        if ((value = lookup.apply("RULES")) != null) {
            settings = settings.withRules(PaymentRules.load(Path.of(value)));
        }
        if ((value = lookup.apply("GUARANTEE")) != null) {
            settings = settings.withGuarantee(guarantee(value));
        }
        if ((value = lookup.apply("PARTITIONS")) != null) {
            settings = settings.withPartitions(number("PAYMENTS_PARTITIONS", value));
        }
        if ((value = lookup.apply("REPLICATION")) != null) {
            settings = settings.withReplication(number("PAYMENTS_REPLICATION", value));
        }
        if ((value = lookup.apply("RECONCILE_WINDOW")) != null) {
            settings = settings.withReconcileWindow(duration("PAYMENTS_RECONCILE_WINDOW", value));
        }
        if ((value = lookup.apply("RECONCILE_GRACE")) != null) {
            settings = settings.withReconcileGrace(duration("PAYMENTS_RECONCILE_GRACE", value));
        }
        if ((value = lookup.apply("DEDUP_RETENTION")) != null) {
            settings = settings.withDedupRetention(duration("PAYMENTS_DEDUP_RETENTION", value));
        }
        if ((value = lookup.apply("OVERDUE_CHECK")) != null) {
            settings = settings.withOverdueCheck(duration("PAYMENTS_OVERDUE_CHECK", value));
        }
        if ((value = lookup.apply("DEDUP_PURGE")) != null) {
            settings = settings.withDedupPurge(duration("PAYMENTS_DEDUP_PURGE", value));
        }
        if ((value = lookup.apply("COMMIT_INTERVAL")) != null) {
            settings = settings.withCommitInterval(duration("PAYMENTS_COMMIT_INTERVAL", value));
        }
        return settings;
    }

    public PaymentsSettings withGuarantee(ProcessingGuarantee guarantee) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, reconcileGrace,
                dedupRetention, overdueCheck, dedupPurge, commitInterval, rules);
    }

    public PaymentsSettings withPartitions(int partitions) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, reconcileGrace,
                dedupRetention, overdueCheck, dedupPurge, commitInterval, rules);
    }

    public PaymentsSettings withReplication(int replication) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, reconcileGrace,
                dedupRetention, overdueCheck, dedupPurge, commitInterval, rules);
    }

    public PaymentsSettings withReconcileWindow(Duration window) {
        return new PaymentsSettings(guarantee, partitions, replication, window, reconcileGrace, dedupRetention,
                overdueCheck, dedupPurge, commitInterval, rules);
    }

    public PaymentsSettings withReconcileGrace(Duration grace) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, grace, dedupRetention,
                overdueCheck, dedupPurge, commitInterval, rules);
    }

    public PaymentsSettings withDedupRetention(Duration retention) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, reconcileGrace, retention,
                overdueCheck, dedupPurge, commitInterval, rules);
    }

    public PaymentsSettings withOverdueCheck(Duration interval) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, reconcileGrace,
                dedupRetention, interval, dedupPurge, commitInterval, rules);
    }

    public PaymentsSettings withDedupPurge(Duration interval) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, reconcileGrace,
                dedupRetention, overdueCheck, interval, commitInterval, rules);
    }

    public PaymentsSettings withCommitInterval(Duration interval) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, reconcileGrace,
                dedupRetention, overdueCheck, dedupPurge, interval, rules);
    }

    public PaymentsSettings withRules(PaymentRules rules) {
        return new PaymentsSettings(guarantee, partitions, replication, reconcileWindow, reconcileGrace,
                dedupRetention, overdueCheck, dedupPurge, commitInterval, rules);
    }

    /** When a held payment received at {@code receivedAtMillis} is overdue: after window plus grace. */
    long overdueAfterMillis(long receivedAtMillis) {
        return receivedAtMillis + reconcileWindow.toMillis() + reconcileGrace.toMillis();
    }

    /** Whether processing at {@code processedAtMillis} is within the window of {@code receivedAtMillis}. */
    boolean withinWindow(long receivedAtMillis, long processedAtMillis) {
        return Math.abs(processedAtMillis - receivedAtMillis) <= reconcileWindow.toMillis();
    }

    private static ProcessingGuarantee guarantee(String text) {
        return switch (text.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "exactly_once", "exactly_once_v2", "eos" -> ProcessingGuarantee.EXACTLY_ONCE;
            case "at_least_once" -> ProcessingGuarantee.AT_LEAST_ONCE;
            default -> throw new IllegalArgumentException("PAYMENTS_GUARANTEE is '" + text + "': use exactly_once"
                    + " (the default) or at_least_once");
        };
    }

    private static int number(String name, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is '" + text + "': use a whole number such as 3");
        }
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 7d} or ISO-8601 ({@code PT30S}). */
    static Duration duration(String name, String text) {
        Matcher matcher = SHORT_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " is '" + text + "': use a duration such as 30s, 5m, 24h,"
                    + " 500ms or PT30S");
        }
    }

    private static void requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what + " can't be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
