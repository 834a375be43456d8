package dev.mephisto.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules file: the shipped defaults, and actionable errors for a broken one. */
class PaymentRulesTest {

    private static final String LEDGERS_TAIL = "\"ledgers\": [{\"ledger\": \"general\"}]";

    @Test
    void shouldShipDefaultRulesThatAcceptTheUsualCurrencies() {
        PaymentRules rules = PaymentRules.defaults();

        assertEquals(List.of("EUR", "USD", "GBP", "CHF", "SEK", "JPY", "BHD"), rules.acceptedCurrencies());
        assertEquals("general", rules.ledgers().get(rules.ledgers().size() - 1).ledger());
        assertTrue(rules.attribute(Fixtures.payment("p-1", "a", "60000", "EUR")).holds());
    }

    @Test
    void shouldLoadRulesFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.json");
        Files.writeString(file, "{\"validation\": [{\"check\": \"positiveAmount\"}], " + LEDGERS_TAIL + "}");

        PaymentRules rules = PaymentRules.load(file);

        assertEquals(List.of("amount must be positive, got -1"),
                rules.violations(Fixtures.payment("p-1", "a", "-1", "EUR")));
        assertEquals("rules file " + file, rules.origin());
    }

    @Test
    void shouldNameTheRuleAndTheKnownChecksWhenACheckIsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaymentRules.parse(
                "{\"validation\": [{\"check\": \"required\", \"field\": \"accountId\"}, {\"check\": \"positive\"}], "
                        + LEDGERS_TAIL + "}", "my-rules.json"));

        assertEquals("my-rules.json, validation rule #2 has check 'positive', which is not a known check: use one of"
                + " [required, currencyIn, positiveAmount, currencyMinorUnits, maxAmount, matches]", e.getMessage());
    }

    @Test
    void shouldRefuseLedgerRulesWithoutACatchAllAtTheEnd() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaymentRules.parse(
                "{\"validation\": [], \"ledgers\": [{\"ledger\": \"travel\", \"merchantCategories\": [\"4511\"]}]}",
                "my-rules.json"));

        assertEquals("my-rules.json: the last ledger rule must have no conditions, so every valid payment gets a"
                + " ledger; end the list with {\"ledger\": \"general\"}", e.getMessage());
    }

    @Test
    void shouldRefuseAMisspelledConditionInsteadOfIgnoringIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaymentRules.parse(
                "{\"validation\": [], \"ledgers\": [{\"ledger\": \"big\", \"amountAtleast\": 100}, {\"ledger\": \"g\"}]}",
                "my-rules.json"));

        assertTrue(e.getMessage().startsWith("my-rules.json is not valid rules JSON: Unrecognized field \"amountAtleast\""),
                e.getMessage());
    }

    @Test
    void shouldRefuseACurrencyListWithACodeThatIsNotIso4217() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaymentRules.parse(
                "{\"validation\": [{\"check\": \"currencyIn\", \"currencies\": [\"EUR\", \"EURO\"]}], " + LEDGERS_TAIL
                        + "}", "my-rules.json"));

        assertEquals("my-rules.json, validation rule #1 (currencyIn) lists 'EURO', which is not an ISO 4217 currency"
                + " code with minor units: remove it or fix its spelling", e.getMessage());
    }

    @Test
    void shouldRefuseAnAmountBandThatCanNeverMatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaymentRules.parse(
                "{\"validation\": [], \"ledgers\": [{\"ledger\": \"odd\", \"amountAtLeast\": 100, \"amountBelow\": 10},"
                        + " {\"ledger\": \"general\"}]}", "my-rules.json"));

        assertEquals("my-rules.json, ledger rule #1 (ledger 'odd') has amountAtLeast 100 not below amountBelow 10, so"
                + " it can never match: fix the band", e.getMessage());
    }

    @Test
    void shouldSayWhereTheRulesFileIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PaymentRules.load(Path.of("/no/such/rules.json")));

        assertTrue(e.getMessage().startsWith("rules file /no/such/rules.json does not exist"), e.getMessage());
    }

    @Test
    void shouldMatchTheWholeValueAgainstEachRulesOwnRegex() {
        PaymentRules rules = PaymentRules.parse("{\"validation\": ["
                + "{\"check\": \"matches\", \"field\": \"merchantCategory\", \"regex\": \"[0-9]{4}\"},"
                + "{\"check\": \"matches\", \"field\": \"merchant\", \"regex\": \"[a-z]+\"}], "
                + LEDGERS_TAIL + "}", "my-rules.json");
        PaymentReceived payment = Fixtures.payment("p-1", "a", "1", "EUR");

        assertEquals(List.of(), rules.violations(payment), "an absent field matches");
        assertEquals(List.of(), rules.violations(payment.withMerchant("shop", "5411")));
        assertEquals(List.of("merchantCategory '54111' does not match [0-9]{4}",
                "merchant 'shop 2' does not match [a-z]+"), rules.violations(payment.withMerchant("shop 2", "54111")));
        assertEquals(List.of("merchantCategory 'x5411' does not match [0-9]{4}"),
                rules.violations(payment.withMerchant("shop", "x5411")));
    }

    @Test
    void shouldRefuseARegexThatDoesNotCompile() {
        assertThrows(PatternSyntaxException.class, () -> PaymentRules.parse("{\"validation\": ["
                + "{\"check\": \"matches\", \"field\": \"merchant\", \"regex\": \"[a-z\"}], " + LEDGERS_TAIL
                + "}", "my-rules.json"));
    }
}
