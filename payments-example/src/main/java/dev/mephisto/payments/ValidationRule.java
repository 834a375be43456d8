package dev.mephisto.payments;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One validation rule of the rules file: a named check with its parameters. The list of rules,
 * their order and their parameters are data; each check is a small predicate here.
 *
 * <p>Checks: {@code required} (a field is present and, for text, not blank), {@code currencyIn}
 * (an ISO 4217 code among {@code currencies}), {@code positiveAmount}, {@code currencyMinorUnits}
 * (no more decimals than the currency has: 2 for EUR, 0 for JPY, 3 for BHD), {@code maxAmount}
 * ({@code amount} at most), {@code matches} (a present text field matches {@code regex}).
 *
 * <pre>{@code
 * {"check": "required", "field": "accountId"}
 * {"check": "currencyIn", "currencies": ["EUR", "USD", "JPY"]}
 * {"check": "matches", "field": "merchantCategory", "regex": "[0-9]{4}"}
 * }</pre>
 *
 * @param check the check's name
 * @param field the field a {@code required} or {@code matches} check looks at
 * @param currencies the accepted codes of a {@code currencyIn} check
 * @param amount the limit of a {@code maxAmount} check
 * @param regex the pattern of a {@code matches} check
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationRule(String check, String field, List<String> currencies, BigDecimal amount, String regex) {

    /** The fields a rule may name, with how to read them from a payment. */
    static final Map<String, Function<PaymentReceived, Object>> FIELDS = Map.of(
            "paymentId", PaymentReceived::paymentId,
            "accountId", PaymentReceived::accountId,
            "amount", PaymentReceived::amount,
            "currency", PaymentReceived::currency,
            "receivedAt", PaymentReceived::receivedAt,
            "merchant", PaymentReceived::merchant,
            "merchantCategory", PaymentReceived::merchantCategory,
            "reference", PaymentReceived::reference);

    /**
     * The compiled regexes of {@code matches} rules, compiled once when a rule is checked complete
     * (a record has no room for a derived field); String.matches would compile on every payment.
     */
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    static final List<String> CHECKS =
            List.of("required", "currencyIn", "positiveAmount", "currencyMinorUnits", "maxAmount", "matches");

    /**
     * Checks that the rule is complete; {@code where} names it for the message, such as
     * {@code "rules file payments-rules.json, validation rule #2"}.
     *
     * @throws IllegalArgumentException saying what is missing and how to fix it
     */
    ValidationRule requireComplete(String where) {
        if (check == null || !CHECKS.contains(check)) {
            throw new IllegalArgumentException(where + " has check '" + check + "', which is not a known check: use one"
                    + " of " + CHECKS);
        }
        switch (check) {
            case "required" -> requireField(where);
            case "matches" -> {
                requireField(where);
                if (regex == null || regex.isBlank()) {
                    throw new IllegalArgumentException(where + " (matches) needs a \"regex\", such as \"[0-9]{4}\"");
                }
                PATTERNS.computeIfAbsent(regex, Pattern::compile);
            }
            case "currencyIn" -> {
                if (currencies == null || currencies.isEmpty()) {
                    throw new IllegalArgumentException(where + " (currencyIn) needs a non-empty \"currencies\" list of"
                            + " ISO 4217 codes, such as [\"EUR\", \"USD\"]");
                }
                for (String code : currencies) {
                    if (!isIsoCurrency(code)) {
                        throw new IllegalArgumentException(where + " (currencyIn) lists '" + code + "', which is not an"
                                + " ISO 4217 currency code with minor units: remove it or fix its spelling");
                    }
                }
            }
            case "maxAmount" -> {
                if (amount == null || amount.signum() <= 0) {
                    throw new IllegalArgumentException(where + " (maxAmount) needs a positive \"amount\", such as"
                            + " \"1000000\"");
                }
            }
            default -> {
                // positiveAmount and currencyMinorUnits take no parameters
            }
        }
        return this;
    }

    private void requireField(String where) {
        if (field == null || !FIELDS.containsKey(field)) {
            throw new IllegalArgumentException(where + " (" + check + ") names field '" + field + "': use one of "
                    + FIELDS.keySet().stream().sorted().toList());
        }
    }

    /** Why {@code payment} breaks this rule, or empty when it keeps it. */
    Optional<String> violation(PaymentReceived payment) {
        return switch (check) {
            case "required" -> checkRequired(payment);
            case "matches" -> checkMatches(payment);
            case "currencyIn" -> checkCurrency(payment.currency());
            case "positiveAmount" -> payment.amount() == null ? Optional.of("amount is required")
                    : payment.amount().signum() > 0 ? Optional.empty()
                    : Optional.of("amount must be positive, got " + show(payment.amount()));
            case "currencyMinorUnits" -> checkMinorUnits(payment);
            case "maxAmount" -> payment.amount() == null || payment.amount().compareTo(amount) <= 0 ? Optional.empty()
                    : Optional.of("amount " + show(payment.amount()) + " exceeds the limit of " + show(amount));
            default -> throw new IllegalStateException("unchecked rule " + check);
        };
    }

    private Optional<String> checkRequired(PaymentReceived payment) {
        Object value = FIELDS.get(field).apply(payment);
        if (value == null || (value instanceof String text && text.isBlank())) {
            return Optional.of(field + " is required and must not be blank");
        }
        return Optional.empty();
    }

    private Optional<String> checkMatches(PaymentReceived payment) {
        Object value = FIELDS.get(field).apply(payment);
        if (value == null || PATTERNS.computeIfAbsent(regex, Pattern::compile).matcher(value.toString()).matches()) {
            return Optional.empty();
        }
        return Optional.of(field + " '" + value + "' does not match " + regex);
    }

    private Optional<String> checkCurrency(String code) {
        if (code == null || code.isBlank()) {
            return Optional.of("currency is required (an ISO 4217 code such as EUR)");
        }
        if (!isIsoCurrency(code)) {
            return Optional.of("currency '" + code + "' is not an ISO 4217 code");
        }
        if (!currencies.contains(code)) {
            return Optional.of("currency " + code + " is not accepted here; accepted: " + currencies);
        }
        return Optional.empty();
    }

    private static Optional<String> checkMinorUnits(PaymentReceived payment) {
        if (payment.amount() == null || !isIsoCurrency(payment.currency())) {
            return Optional.empty(); // the amount and currency rules report these
        }
        int digits = Currency.getInstance(payment.currency()).getDefaultFractionDigits();
        BigDecimal amount = payment.amount();
        if (amount.stripTrailingZeros().scale() > digits) {
            return Optional.of("amount " + show(amount) + " has more decimals than " + payment.currency()
                    + " allows (" + digits + ")");
        }
        return Optional.empty();
    }

    /** Whether {@code code} is an ISO 4217 code of a currency with minor units (not XAU, XXX...). */
    static boolean isIsoCurrency(String code) {
        if (code == null || !code.equals(code.toUpperCase(Locale.ROOT)) || code.length() != 3) {
            return false;
        }
        try {
            return Currency.getInstance(code).getDefaultFractionDigits() >= 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return check + (field == null ? "" : "(" + field + ")") + (currencies == null ? "" : currencies)
                + (amount == null ? "" : "<=" + show(amount)) + (regex == null ? "" : "~" + regex);
    }

    /**
     * An amount for a message, never longer than about 80 characters: plain digits when they are
     * few, {@code 1E+999999999} when the exponent is huge (the plain text of that would be a
     * gigabyte), the digit count when even the digits are too many.
     */
    static String show(BigDecimal amount) {
        int precision = amount.precision();
        long integerDigits = (long) precision - amount.scale();
        if (precision <= 40 && integerDigits <= 40 && amount.scale() <= 40) {
            return amount.toPlainString();
        }
        return precision <= 40 ? amount.toString()
                : "a number of " + precision + " digits with scale " + amount.scale();
    }
}
