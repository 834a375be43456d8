package dev.mephisto.payments;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A payment as it arrives on {@code incoming_payment_received}, keyed by its {@code paymentId}.
 *
 * <pre>{@code
 * {"paymentId":"p-1","accountId":"acct-7","amount":12.50,"currency":"EUR",
 *  "receivedAt":"2026-01-01T00:00:00Z","merchant":"Corner Grocery","merchantCategory":"5411","reference":"inv 42"}
 * }</pre>
 *
 * @param paymentId the payment's unique id; also the record's key
 * @param accountId the account credited
 * @param amount the amount, exact, in the currency's major unit (at most its minor-unit digits)
 * @param currency ISO 4217 code, such as {@code EUR}
 * @param receivedAt when the platform received the payment
 * @param merchant optional merchant name
 * @param merchantCategory optional ISO 18245 merchant category code (four digits), used by the ledger rules
 * @param reference optional free text from the payer
 */
public record PaymentReceived(String paymentId, String accountId, BigDecimal amount, String currency,
        Instant receivedAt, String merchant, String merchantCategory, String reference) {

    /**
     * A payment without merchant or reference.
     *
     * <pre>{@code
     * PaymentReceived p = PaymentReceived.of("p-1", "acct-7", new BigDecimal("12.50"), "EUR", Instant.now());
     * }</pre>
     */
    public static PaymentReceived of(String paymentId, String accountId, BigDecimal amount, String currency,
            Instant receivedAt) {
        return new PaymentReceived(paymentId, accountId, amount, currency, receivedAt, null, null, null);
    }

    /** A copy with this merchant and merchant category code. */
    public PaymentReceived withMerchant(String merchant, String merchantCategory) {
        return new PaymentReceived(paymentId, accountId, amount, currency, receivedAt, merchant, merchantCategory,
                reference);
    }

    /** A copy with this amount. */
    public PaymentReceived withAmount(BigDecimal amount) {
        return new PaymentReceived(paymentId, accountId, amount, currency, receivedAt, merchant, merchantCategory,
                reference);
    }

    /**
     * What makes two deliveries the same payment: id, account, amount (by value, so {@code 10.5}
     * equals {@code 10.50}) and currency. A redelivery with another fingerprint is a conflict.
     */
    public String fingerprint() {
        return paymentId + "|" + accountId + "|" + (amount == null ? "null" : amount.stripTrailingZeros().toPlainString())
                + "|" + currency;
    }
}
