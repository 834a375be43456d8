package dev.mephisto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.testing.AppTestDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stream–table lookup: the row now, the row as it was at the event's time, and the missing row. */
class LookupTest {

    record Account(String id, String tier, Instant since) {
    }

    record Payment(String id, String account, long cents, Instant at) {
    }

    record Priced(String payment, String tier) {
    }

    private static final Instant T = AppTestDriver.DEFAULT_START;

    private final App app = App.create("bank");
    private final Topic<String, Account> accountUpdates = app.topic(Topic.of("accounts", Codec.string(),
            Codec.json(Account.class)).withEventTime("since", Account::since));
    private final Topic<String, Payment> payments = app.topic(Topic.of("payments", Codec.string(),
            Codec.json(Payment.class)).withEventTime("at", Payment::at));
    private final Topic<String, Priced> priced = app.topic("priced", Codec.string(), Codec.json(Priced.class));
    private final Topic<String, Payment> unknown = app.topic("unknown-account", Codec.string(),
            Codec.json(Payment.class));
    private AppTestDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Accounts kept in a versioned table by event time, and payments priced by the tier at their time. */
    private VersionedTable<String, Account> asOfApp(boolean handleMissing) {
        VersionedTable<String, Account> accounts = app.table(Table.versioned("accounts-by-time", Codec.string(),
                Codec.json(Account.class), Duration.ofDays(7)));
        app.agent("keep-accounts", accountUpdates, (id, account, ctx) -> ctx.table(accounts).put(id, account))
                .uses(accounts);
        Lookup<String, Payment, Account> lookup = app.lookup("price", payments, accounts,
                (accountId, payment, account, ctx) -> ctx.send(priced, accountId, new Priced(payment.id(), account.tier())))
                .sendsTo(priced, unknown);
        if (handleMissing) {
            lookup.onMissing((accountId, payment, ctx) -> ctx.send(unknown, accountId, payment));
        }
        return accounts;
    }

    private void account(String id, String tier, Instant since) {
        driver.send(accountUpdates, id, new Account(id, tier, since));
    }

    private void pay(String paymentId, String account, Instant at) {
        driver.send(payments, account, new Payment(paymentId, account, 100, at));
    }

    @Test
    void shouldGiveEachPaymentTheAccountAsItWasAtThePaymentsEventTimeEvenWhenItArrivesAfterAnUpdate() {
        VersionedTable<String, Account> accounts = asOfApp(true);
        driver = AppTestDriver.create(app);
        account("a-1", "silver", T);
        account("a-1", "gold", T.plusSeconds(10));
        pay("p-late-arrival", "a-1", T.plusSeconds(5));   // arrives after the upgrade, happened before it
        pay("p-after", "a-1", T.plusSeconds(15));

        assertEquals(List.of(new Priced("p-late-arrival", "silver"), new Priced("p-after", "gold")),
                driver.readValues(priced));
        assertEquals("silver", driver.get(accounts, "a-1", T.plusSeconds(9)).tier());
        assertEquals("gold", driver.get(accounts, "a-1", T.plusSeconds(10)).tier());
    }

    @Test
    void shouldIgnoreTheWallClockForAnAsOfLookup() {
        asOfApp(true);
        driver = AppTestDriver.create(app);
        account("a-1", "silver", T);
        driver.advanceWallClock(Duration.ofDays(30));
        account("a-1", "gold", T.plusSeconds(10));
        driver.advanceWallClock(Duration.ofDays(30));
        pay("p-1", "a-1", T.plusSeconds(5));

        assertEquals(List.of(new Priced("p-1", "silver")), driver.readValues(priced));
    }

    @Test
    void shouldCallOnMissingForAPaymentBeforeTheAccountExistedOrOfAnUnknownAccount() {
        asOfApp(true);
        driver = AppTestDriver.create(app);
        account("a-1", "silver", T.plusSeconds(10));
        pay("p-before", "a-1", T.plusSeconds(5));
        pay("p-unknown", "a-2", T.plusSeconds(11));

        assertTrue(driver.isEmpty(priced));
        assertEquals(List.of("p-before", "p-unknown"), driver.readValues(unknown).stream().map(Payment::id).toList());
        assertTrue(driver.deadLetters().isEmpty());
    }

    @Test
    void shouldSendARecordWithoutARowToTheDeadLetterTopicNamingLookupTableAndKeyWhenNoOnMissingIsDeclared() {
        asOfApp(false);
        driver = AppTestDriver.create(app);
        pay("p-1", "a-9", T);

        List<DeadLetter> letters = driver.deadLetters();
        assertEquals(1, letters.size());
        assertEquals(DeadLetter.Kind.REJECTED, letters.get(0).kind());
        assertTrue(letters.get(0).message().contains("lookup 'price' found no row for key 'a-9' in table"
                + " 'accounts-by-time' at " + T), letters.get(0).message());
        assertTrue(letters.get(0).message().contains(".onMissing(...)"), letters.get(0).message());
    }

    @Test
    void shouldRefuseARowOlderThanTheHistoryWithADeadLetterNamingTableKeyAndHistory() {
        VersionedTable<String, Account> accounts = asOfApp(true);
        driver = AppTestDriver.create(app);
        account("a-1", "gold", T.plus(Duration.ofDays(30)));
        account("a-1", "silver", T);                        // 30 days back, history is 7

        List<DeadLetter> letters = driver.deadLetters();
        assertEquals(1, letters.size());
        assertEquals(DeadLetter.Kind.AGENT_FAILED, letters.get(0).kind());
        assertTrue(letters.get(0).message().contains("table 'accounts-by-time' refused the row of key 'a-1' valid from "
                + T + ": that is further back than its history (PT168H)"), letters.get(0).message());
        assertNull(driver.get(accounts, "a-1", T.plusSeconds(1)));
    }

    @Test
    void shouldLookUpTheCurrentRowOfAKeyValueTable() {
        KeyValueTable<String, Account> accounts = app.table("accounts-now", Codec.string(), Codec.json(Account.class));
        app.agent("keep-accounts", accountUpdates, (id, account, ctx) -> ctx.table(accounts).put(id, account))
                .uses(accounts);
        app.lookup("price", payments, accounts,
                (accountId, payment, account, ctx) -> ctx.send(priced, accountId, new Priced(payment.id(), account.tier())))
                .sendsTo(priced);
        driver = AppTestDriver.create(app);
        account("a-1", "silver", T);
        account("a-1", "gold", T.plusSeconds(10));
        pay("p-1", "a-1", T.plusSeconds(5));            // a plain table has no history: the row now

        assertEquals(List.of(new Priced("p-1", "gold")), driver.readValues(priced));
    }

    @Test
    void shouldRefuseALookupWhoseSourceAndTableHaveDifferentKeyCodecs() {
        KeyValueTable<String, Account> accounts = app.table("accounts-now", Codec.json(String.class),
                Codec.json(Account.class));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> app.lookup("price", payments,
                accounts, (accountId, payment, account, ctx) -> { }));
        assertTrue(e.getMessage().contains("lookup 'price' reads 'payments' keyed by"), e.getMessage());
        assertTrue(e.getMessage().contains("topic.rekey(...)"), e.getMessage());
    }

    @Test
    void shouldRefuseATableUsedByAgentsReadingTopicsOfDifferentPartitionCounts() {
        App shop = App.create("shop");
        Topic<String, Account> updates = shop.topic(Topic.of("accounts", Codec.string(), Codec.json(Account.class))
                .withPartitions(6));
        Topic<String, Payment> paid = shop.topic(Topic.of("payments", Codec.string(), Codec.json(Payment.class))
                .withPartitions(3));
        VersionedTable<String, Account> accounts = shop.table(Table.versioned("accounts", Codec.string(),
                Codec.json(Account.class), Duration.ofDays(1)));
        shop.agent("keep", updates, (id, account, ctx) -> ctx.table(accounts).put(id, account)).uses(accounts);
        shop.lookup("price", paid, accounts, (id, payment, account, ctx) -> { });

        InvalidAppException e = assertThrows(InvalidAppException.class, () -> AppTestDriver.create(shop));
        assertTrue(e.getMessage().contains("table 'accounts' is used by agent 'keep' reading topic 'accounts'"
                + " (6 partitions) and by agent 'price' reading topic 'payments' (3 partitions)"), e.getMessage());
    }

    @Test
    void shouldRunCleanWhenThePlayedPartitionsAreManyBecauseTheTableIsKeyedLikeBothSources() {
        asOfApp(true);
        driver = AppTestDriver.create(app, T, 6);
        for (int i = 0; i < 12; i++) {
            account("a-" + i, "silver", T);
        }
        for (int i = 0; i < 12; i++) {
            pay("p-" + i, "a-" + i, T.plusSeconds(1));
        }

        assertEquals(12, driver.readValues(priced).size());
        assertTrue(driver.deadLetters().isEmpty(), () -> driver.deadLetters().toString());
    }
}
