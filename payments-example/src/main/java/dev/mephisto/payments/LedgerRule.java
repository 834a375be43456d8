package dev.mephisto.payments;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * One attribution rule of the rules file: a ledger and the conditions a payment must meet for it.
 * Rules are tried in order and the first whose every condition holds wins; a rule without
 * conditions matches everything, and the last rule must be one. Amount bands compare the amount
 * in the payment's own currency (no conversion), so scope them with {@code currencies}.
 *
 * <pre>{@code
 * {"ledger": "groceries", "merchantCategories": ["5411", "5499"]}
 * {"ledger": "manual-review", "amountAtLeast": "50000", "hold": true}
 * {"ledger": "small-payments", "currencies": ["EUR", "USD"], "amountBelow": "10.00"}
 * {"ledger": "general"}
 * }</pre>
 *
 * @param ledger the ledger a matching payment is attributed to
 * @param merchantCategories merchant category codes that match (any of them); absent: any
 * @param currencies currencies that match; absent: any
 * @param accountPrefix accounts whose id starts with this; absent: any
 * @param amountAtLeast the amount band's lower bound, inclusive; absent: none
 * @param amountBelow the amount band's upper bound, exclusive; absent: none
 * @param hold when true, payments of this ledger need a person: they are not processed
 *     automatically, and become overdue unless a processed record arrives in time
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerRule(String ledger, List<String> merchantCategories, List<String> currencies,
        String accountPrefix, BigDecimal amountAtLeast, BigDecimal amountBelow, Boolean hold) {

    /**
     * Checks that the rule makes sense; {@code where} names it for the message.
     *
     * @throws IllegalArgumentException saying what is wrong and how to fix it
     */
    LedgerRule requireComplete(String where) {
        if (ledger == null || ledger.isBlank()) {
            throw new IllegalArgumentException(where + " has no \"ledger\": name the ledger its payments go to");
        }
        if (amountAtLeast != null && amountBelow != null && amountAtLeast.compareTo(amountBelow) >= 0) {
            throw new IllegalArgumentException(where + " (ledger '" + ledger + "') has amountAtLeast "
                    + ValidationRule.show(amountAtLeast) + " not below amountBelow " + ValidationRule.show(amountBelow)
                    + ", so it can never match: fix the band");
        }
        if (merchantCategories != null && merchantCategories.isEmpty() || currencies != null && currencies.isEmpty()) {
            throw new IllegalArgumentException(where + " (ledger '" + ledger + "') has an empty list, which can never"
                    + " match: remove the list to match any value, or list the values");
        }
        return this;
    }

    /** Whether the rule has no conditions, so it matches every payment. */
    boolean matchesEverything() {
        return merchantCategories == null && currencies == null && accountPrefix == null && amountAtLeast == null
                && amountBelow == null;
    }

    /** Whether every condition holds for {@code payment}. */
    boolean matches(PaymentReceived payment) {
        return (merchantCategories == null || merchantCategories.contains(payment.merchantCategory()))
                && (currencies == null || currencies.contains(payment.currency()))
                && (accountPrefix == null || payment.accountId() != null && payment.accountId().startsWith(accountPrefix))
                && (amountAtLeast == null || payment.amount() != null && payment.amount().compareTo(amountAtLeast) >= 0)
                && (amountBelow == null || payment.amount() != null && payment.amount().compareTo(amountBelow) < 0);
    }

    /** Whether payments of this ledger wait for a person instead of being processed. */
    boolean holds() {
        return Boolean.TRUE.equals(hold);
    }
}
