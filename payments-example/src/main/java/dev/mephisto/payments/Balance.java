package dev.mephisto.payments;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An account's processed payments: how many, and per currency how many and their exact total.
 * The value of the {@code balances} table, keyed by accountId.
 *
 * <pre>{@code
 * {"accountId":"acct-7","payments":3,
 *  "currencies":{"EUR":{"payments":2,"total":"30.50"},"JPY":{"payments":1,"total":"1200"}}}
 * }</pre>
 *
 * @param accountId the account
 * @param payments processed payments in every currency
 * @param currencies per ISO 4217 code, sorted by code
 */
public record Balance(String accountId, long payments, Map<String, CurrencyBalance> currencies) {

    /**
     * Payments and their total in one currency; the total keeps the currency's minor-unit scale
     * ({@code "30.50"} EUR, {@code "1200"} JPY) and is written as a JSON string, so no JSON reader
     * turns it into a binary floating-point number or drops its trailing zeros.
     */
    public record CurrencyBalance(long payments,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal total) {
    }

    public Balance {
        Objects.requireNonNull(accountId, "accountId can't be null");
        currencies = Collections.unmodifiableMap(new TreeMap<>(currencies == null ? Map.of() : currencies));
    }

    /** An account with no payments yet. */
    public static Balance empty(String accountId) {
        return new Balance(accountId, 0, Map.of());
    }

    /**
     * This balance with one more processed payment.
     *
     * <pre>{@code
     * Balance b = Balance.empty("acct-7").plus(processed);
     * }</pre>
     */
    public Balance plus(PaymentProcessed payment) {
        return plus(payment.currency(), payment.amount());
    }

    /** This balance with one more payment of {@code amount} in {@code currency}. */
    public Balance plus(String currency, BigDecimal amount) {
        Objects.requireNonNull(currency, "currency can't be null (account '" + accountId + "')");
        Objects.requireNonNull(amount, "amount can't be null (account '" + accountId + "')");
        Map<String, CurrencyBalance> next = new TreeMap<>(currencies);
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        CurrencyBalance old = next.getOrDefault(currency, new CurrencyBalance(0, BigDecimal.ZERO.setScale(digits)));
        // setScale without rounding: validated amounts never have more digits than the currency's minor units
        next.put(currency, new CurrencyBalance(old.payments() + 1, old.total().add(amount).setScale(digits)));
        return new Balance(accountId, payments + 1, next);
    }

    /** The total in {@code currency}, zero when the account has none. */
    public BigDecimal total(String currency) {
        CurrencyBalance balance = currencies.get(currency);
        return balance == null ? BigDecimal.ZERO : balance.total();
    }
}
