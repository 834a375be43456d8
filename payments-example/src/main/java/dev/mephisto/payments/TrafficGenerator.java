package dev.mephisto.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Makes the payments {@code simulate} sends: valid ones spread over the accounts and currencies the
 * rules accept, the asked share of invalid ones (each kind of mistake in turn) and of duplicate
 * deliveries, and keeps what the pipeline should end up with: per account and currency, the count
 * and exact total of distinct valid payments that are processed automatically.
 *
 * <pre>{@code
 * TrafficGenerator traffic = new TrafficGenerator("sim-1a2b", 100, 5.0, 5.0, rules, new Random(7));
 * TrafficGenerator.Next next = traffic.next(Instant.now());
 * }</pre>
 */
final class TrafficGenerator {

    /** What to send next, and what it is. */
    enum Kind { VALID, HELD, INVALID, DUPLICATE }

    /** One payment to send. */
    record Next(Kind kind, PaymentReceived payment) {
    }

    private static final String[] MERCHANT_CATEGORIES = {"5411", "5812", "4511", "5999", "7011", null, null};
    private static final String[] INVALID_KINDS =
            {"negative amount", "too many decimals", "unknown currency", "blank accountId", "missing receivedAt"};
    private static final int MAX_REMEMBERED = 10_000;

    private final String runId;
    private final int accounts;
    private final double invalidShare;
    private final double duplicateShare;
    private final PaymentRules rules;
    private final Random random;
    private final List<String> currencies;
    private final List<PaymentReceived> sentValid = new ArrayList<>();
    private final Map<String, Balance> expected = new HashMap<>();
    private final Map<Kind, Long> counts = new HashMap<>();
    private long sequence;

    TrafficGenerator(String runId, int accounts, double invalidPercent, double duplicatePercent, PaymentRules rules,
            Random random) {
        this.runId = runId;
        this.accounts = accounts;
        this.invalidShare = invalidPercent / 100.0;
        this.duplicateShare = duplicatePercent / 100.0;
        this.rules = rules;
        this.random = random;
        List<String> accepted = rules.acceptedCurrencies();
        this.currencies = accepted.isEmpty() ? List.of("EUR", "USD", "GBP") : accepted;
    }

    /** The next payment to send, received at {@code now}. */
    Next next(Instant now) {
        double dice = random.nextDouble();
        Next next;
        if (dice < invalidShare) {
            next = new Next(Kind.INVALID, invalid(now));
        } else if (dice < invalidShare + duplicateShare && !sentValid.isEmpty()) {
            next = new Next(Kind.DUPLICATE, sentValid.get(random.nextInt(sentValid.size())));
        } else {
            PaymentReceived payment = valid(now);
            remember(payment);
            if (rules.attribute(payment).holds()) {
                next = new Next(Kind.HELD, payment);
            } else {
                expected.merge(payment.accountId(), Balance.empty(payment.accountId()).plus(payment.currency(),
                        payment.amount()), (old, one) -> old.plus(payment.currency(), payment.amount()));
                next = new Next(Kind.VALID, payment);
            }
        }
        counts.merge(next.kind(), 1L, Long::sum);
        return next;
    }

    private PaymentReceived valid(Instant now) {
        String currency = currencies.get(random.nextInt(currencies.size()));
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        long unit = BigDecimal.TEN.pow(digits).longValueExact();
        long unscaled = unit + (long) (random.nextDouble() * 1999 * unit); // 1.00 to 2000.00 in major units
        String category = MERCHANT_CATEGORIES[random.nextInt(MERCHANT_CATEGORIES.length)];
        return PaymentReceived.of(nextPaymentId(), account(random.nextInt(accounts)),
                BigDecimal.valueOf(unscaled, digits), currency, now)
                .withMerchant(category == null ? null : "merchant-" + category, category);
    }

    private PaymentReceived invalid(Instant now) {
        PaymentReceived payment = valid(now);
        String kind = INVALID_KINDS[(int) (counts.getOrDefault(Kind.INVALID, 0L) % INVALID_KINDS.length)];
        PaymentReceived broken = switch (kind) {
            case "negative amount" -> payment.withAmount(payment.amount().negate());
            case "too many decimals" -> payment.withAmount(payment.amount().add(BigDecimal.valueOf(1,
                    Math.max(0, Currency.getInstance(payment.currency()).getDefaultFractionDigits()) + 1)));
            case "unknown currency" -> new PaymentReceived(payment.paymentId(), payment.accountId(), payment.amount(),
                    "XYZ", now, null, null, null);
            case "blank accountId" -> new PaymentReceived(payment.paymentId(), " ", payment.amount(),
                    payment.currency(), now, null, null, null);
            default -> new PaymentReceived(payment.paymentId(), payment.accountId(), payment.amount(),
                    payment.currency(), null, null, null, null);
        };
        if (rules.isValid(broken)) {
            throw new IllegalStateException("simulate meant to send an invalid payment (" + kind + ") but the rules of "
                    + rules.origin() + " accept it: the simulation's invalid kinds assume the default validation rules");
        }
        return broken;
    }

    private void remember(PaymentReceived payment) {
        if (sentValid.size() < MAX_REMEMBERED) {
            sentValid.add(payment);
        } else {
            sentValid.set(random.nextInt(MAX_REMEMBERED), payment);
        }
    }

    private String nextPaymentId() {
        return runId + "-p" + (++sequence);
    }

    /** The id of account number {@code n} of this run. */
    String account(int n) {
        return runId + "-acct-" + n;
    }

    /** How many of each kind were made so far. */
    long count(Kind kind) {
        return counts.getOrDefault(kind, 0L);
    }

    /** Every payment made so far. */
    long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Per account, what the balances table should say; accounts with no automatic payment are absent. */
    Map<String, Balance> expectedBalances() {
        return new TreeMap<>(expected);
    }

    /** The prefix of every paymentId and accountId of this run. */
    String runId() {
        return runId;
    }
}
