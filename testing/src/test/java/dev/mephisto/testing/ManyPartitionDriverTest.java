package dev.mephisto.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.DeadLetter;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Table;
import dev.mephisto.TableWindow;
import dev.mephisto.Topic;
import dev.mephisto.WindowedTable;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test driver playing many partitions: a missing re-key fails a unit test. */
class ManyPartitionDriverTest {

    record Payment(String id, String account, long cents) {
    }

    private final App app = App.create("pay");
    private final Topic<String, Payment> payments = app.topic("payments", Codec.string(), Codec.json(Payment.class));
    private final KeyValueTable<String, Long> totals = app.table("totals", Codec.string(), Codec.int64());

    private void sendPayments(AppTestDriver driver) {
        for (int i = 0; i < 20; i++) {
            driver.send(payments, "p-" + i, new Payment("p-" + i, "acct-" + (i % 2), 100));
        }
    }

    @Test
    void shouldNotShowAMissingReKeyWithOnePartition() {
        app.agent("total", payments, (id, payment, ctx) -> ctx.table(totals).merge(payment.account(), payment.cents(),
                Long::sum)).uses(totals); // keyed by paymentId, totals by account: the re-key is missing

        try (AppTestDriver one = AppTestDriver.create(app)) {
            sendPayments(one);
            assertEquals(1000L, one.get(totals, "acct-0"), "with one partition the bug does not show");
        }
    }

    @Test
    void shouldNameTheAgentTableKeysPartitionsAndTheFix() {
        app.agent("total", payments, (id, payment, ctx) -> ctx.table(totals).merge(payment.account(), payment.cents(),
                Long::sum)).uses(totals);

        try (AppTestDriver six = AppTestDriver.create(app, AppTestDriver.DEFAULT_START, 6)) {
            sendPayments(six);
            List<DeadLetter> letters = six.deadLetters();
            assertTrue(!letters.isEmpty(), "most payments live on another partition than their account");
            DeadLetter first = letters.get(0);
            assertEquals(DeadLetter.Kind.AGENT_FAILED, first.kind());
            assertTrue(first.message().matches("agent 'total' used table 'totals' with key 'acct-\\d' \\(partition \\d of"
                    + " 6\\) while handling the record with key 'p-\\d+' of topic 'payments' \\(partition \\d\\): on a"
                    + " cluster it would use another partition's copy of the table; re-key the source by the table's"
                    + " key with topic.rekey\\(\\.\\.\\.\\)"), first.message());
        }
    }

    @Test
    void shouldPassWithTheReKeyWhenPlayingManyPartitions() {
        app.agent("total", payments.rekey("by-account", (id, payment) -> payment.account(), Codec.string()),
                (account, payment, ctx) -> ctx.table(totals).merge(account, payment.cents(), Long::sum)).uses(totals);

        try (AppTestDriver six = AppTestDriver.create(app, AppTestDriver.DEFAULT_START, 6)) {
            sendPayments(six);
            assertEquals(List.of(), six.deadLetters());
            assertEquals(1000L, six.get(totals, "acct-0"));
            assertEquals(1000L, six.get(totals, "acct-1"));
        }
    }

    @Test
    void shouldCatchAMissingReKeyOfAWindowedAndOfASessionTable() {
        for (TableWindow window : List.of(TableWindow.tumbling(Duration.ofMinutes(1)), TableWindow.session(Duration.ofMinutes(1)))) {
            App shop = App.create("pay");
            Topic<String, Payment> paid = shop.topic("payments", Codec.string(), Codec.json(Payment.class));
            WindowedTable<String, Long> perAccount = shop.table(Table.windowed("per-account", Codec.string(),
                    Codec.int64(), window));
            shop.agent("total", paid, (id, payment, ctx) -> ctx.table(perAccount).merge(payment.account(),
                    payment.cents(), Long::sum)).uses(perAccount);

            try (AppTestDriver six = AppTestDriver.create(shop, AppTestDriver.DEFAULT_START, 6)) {
                for (int i = 0; i < 20; i++) {
                    six.send(paid, "p-" + i, new Payment("p-" + i, "acct-" + (i % 2), 100));
                }
                List<DeadLetter> letters = six.deadLetters();
                assertTrue(!letters.isEmpty(), window + ": most payments live on another partition than their account");
                assertTrue(letters.get(0).message().contains("agent 'total' used table 'per-account' with key 'acct-"),
                        letters.get(0).message());
            }
        }
    }
}
