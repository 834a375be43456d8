package dev.mephisto.payments;

import static dev.mephisto.payments.Fixtures.payment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mephisto.testing.AppTestDriver;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The balances table: per account, processed payments counted and summed per currency, exactly. */
class BalancesTest {

    private final PaymentsApp payments = PaymentsApp.create(Fixtures.settings());
    private final AppTestDriver driver = AppTestDriver.create(payments.app());

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldCountAndSumPerCurrencyExactlyToTheMinorUnit() {
        for (int i = 0; i < 10; i++) {
            driver.send(payments.received(), "p-eur-" + i, payment("p-eur-" + i, "acct-1", "0.10", "EUR"));
        }
        driver.send(payments.received(), "p-eur-x", payment("p-eur-x", "acct-1", "0.2", "EUR"));
        driver.send(payments.received(), "p-jpy", payment("p-jpy", "acct-1", "1200", "JPY"));
        driver.send(payments.received(), "p-bhd", payment("p-bhd", "acct-1", "0.125", "BHD"));
        driver.send(payments.received(), "p-other", payment("p-other", "acct-2", "5.00", "USD"));

        Balance balance = driver.get(payments.balances(), "acct-1");
        assertEquals(13, balance.payments());
        assertEquals(Map.of(
                "BHD", new Balance.CurrencyBalance(1, new BigDecimal("0.125")),
                "EUR", new Balance.CurrencyBalance(11, new BigDecimal("1.20")),
                "JPY", new Balance.CurrencyBalance(1, new BigDecimal("1200"))), balance.currencies());
        assertEquals(new BigDecimal("5.00"), driver.get(payments.balances(), "acct-2").total("USD"));
    }

    @Test
    void shouldNotCountInvalidDuplicateOrHeldPayments() {
        driver.send(payments.received(), "p-1", payment("p-1", "acct-1", "10.00", "EUR"));
        driver.send(payments.received(), "p-1", payment("p-1", "acct-1", "10.00", "EUR"));
        driver.send(payments.received(), "p-2", payment("p-2", "acct-1", "10.001", "EUR"));
        driver.send(payments.received(), "p-3", payment("p-3", "acct-1", "60000.00", "EUR"));

        Balance balance = driver.get(payments.balances(), "acct-1");
        assertEquals(1, balance.payments());
        assertEquals(new BigDecimal("10.00"), balance.total("EUR"));
        assertNull(driver.get(payments.balances(), "acct-2"));
    }

    @Test
    void shouldWriteTheBalanceAsJsonWithExactTotals() {
        Balance balance = Balance.empty("acct-1").plus("EUR", new BigDecimal("30.5")).plus("JPY", new BigDecimal("1200"));

        assertEquals("{\"accountId\":\"acct-1\",\"payments\":2,\"currencies\":{\"EUR\":{\"payments\":1,\"total\":\"30.50\"},"
                + "\"JPY\":{\"payments\":1,\"total\":\"1200\"}}}",
                new String(payments.balances().valueCodec().encode(balance), java.nio.charset.StandardCharsets.UTF_8));
    }
}
