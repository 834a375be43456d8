package dev.mephisto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.testing.AppTestDriver;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deduplication by a value field: copies dropped within the retention, conflicts dead-lettered. */
class DedupeTest {

    record Payment(String id, String account, long cents, Instant at) {
    }

    private static final Instant T = AppTestDriver.DEFAULT_START;

    private final App app = App.create("pay");
    private final Topic<String, Payment> received = app.topic(Topic.of("received", Codec.string(),
            Codec.json(Payment.class)).withEventTime("at", Payment::at));
    private final Topic<String, Payment> once = app.topic("once", Codec.string(), Codec.json(Payment.class));
    private AppTestDriver driver;

    private AppTestDriver driver(Dedupe<Payment, String> dedupe) {
        app.agent("forward", received.dedupe("received-once", dedupe), (id, payment, ctx) -> ctx.send(once, id, payment))
                .sendsTo(once);
        driver = AppTestDriver.create(app);
        return driver;
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static Payment payment(String id, long cents, Instant at) {
        return new Payment(id, "acct-1", cents, at);
    }

    @Test
    void shouldPassTheFirstRecordOfAnIdKeyedByTheIdAndDropItsCopiesWhateverTheirKey() {
        driver(Dedupe.by(Payment::id, Codec.string()));
        driver.send(received, "p-1", payment("p-1", 100, T));
        driver.send(received, null, payment("p-1", 100, T.plusSeconds(1))); // a producer that sent no key
        driver.send(received, "some-other-key", payment("p-1", 100, T.plusSeconds(2)));
        driver.send(received, "p-2", payment("p-2", 100, T.plusSeconds(3)));

        assertEquals(List.of(KeyValue.pair("p-1", payment("p-1", 100, T)),
                KeyValue.pair("p-2", payment("p-2", 100, T.plusSeconds(3)))), driver.readKeyValues(once));
        assertTrue(driver.deadLetters().isEmpty());
    }

    @Test
    void shouldPassACopyAgainOnceTheRetentionHasPassedInEventTime() {
        driver(Dedupe.by(Payment::id, Codec.string()).within(Duration.ofHours(24)));
        driver.send(received, "p-1", payment("p-1", 100, T));
        driver.send(received, "p-1", payment("p-1", 100, T.plus(Duration.ofHours(23))));
        assertEquals(1, driver.readValues(once).size(), "within 24 h: a copy");

        driver.send(received, "p-1", payment("p-1", 100, T.plus(Duration.ofHours(25))));
        assertEquals(1, driver.readValues(once).size(), "after 24 h: a new record");
    }

    @Test
    void shouldSendACopyWithOtherContentToTheDeadLetterTopicWhenConflictsAreRejected() {
        driver(Dedupe.by(Payment::id, Codec.string()).rejectingConflicts(p -> p.account() + "|" + p.cents()));
        driver.send(received, "p-1", payment("p-1", 100, T));
        driver.send(received, "p-1", payment("p-1", 100, T.plusSeconds(5))); // same content, other time: a copy
        driver.send(received, "p-1", payment("p-1", 999, T.plusSeconds(6)));

        assertEquals(1, driver.readValues(once).size());
        List<DeadLetter> letters = driver.deadLetters();
        assertEquals(1, letters.size());
        assertEquals(DeadLetter.Kind.REJECTED, letters.get(0).kind());
        assertEquals("received-once-dedupe", letters.get(0).agent());
        assertEquals("conflicting copy: id 'p-1' was first seen at " + T + " as 'acct-1|100', this record says"
                + " 'acct-1|999' (dedupe 'received-once'); one id must mean one record", letters.get(0).message());
    }

    @Test
    void shouldDropACopyWithOtherContentWhenConflictsAreNotChecked() {
        driver(Dedupe.by(Payment::id, Codec.string()));
        driver.send(received, "p-1", payment("p-1", 100, T));
        driver.send(received, "p-1", payment("p-1", 999, T.plusSeconds(6)));

        assertEquals(1, driver.readValues(once).size());
        assertTrue(driver.deadLetters().isEmpty());
    }

    @Test
    void shouldSendARecordWithoutAnIdToTheDeadLetterTopic() {
        driver(Dedupe.by(Payment::id, Codec.string()));
        driver.send(received, "p-1", payment(null, 100, T));

        assertTrue(driver.isEmpty(once));
        assertEquals("dedupe 'received-once' of topic 'received' got a record whose id is null: producers must set it",
                driver.deadLetters().get(0).message());
    }

    @Test
    void shouldNameItsRepartitionTopicAndStoreAfterTheDedupe() {
        driver(Dedupe.by(Payment::id, Codec.string()));
        String described = app.topology().describe().toString();

        assertTrue(described.contains("received-once-repartition"), described);
        assertTrue(described.contains("received-once-seen"), described);
    }

    @Test
    void shouldForgetOldIdsASliceAtATimeSoThatAPurgeOfABigStoreNeverHoldsTheThreadLong() {
        driver(Dedupe.by(Payment::id, Codec.string()).within(Duration.ofMinutes(1)));
        for (int i = 0; i < 5_000; i++) {
            driver.send(received, null, payment(String.format("old-%05d", i), 100, T));
        }
        // a record a second: the first sweep goes round the whole store and finds nothing old; the next
        // ones skip until the 5,000 are past the retention, then look at a slice (1,000 ids here) each
        for (int second = 1; second <= 61; second++) {
            driver.send(received, null, payment("new-" + second, 100, T.plusSeconds(second)));
        }

        // the first sweep after the 5,000 passed the retention looked at one slice only
        long oldLeft = idsSeenBefore(T.plusSeconds(1));
        assertTrue(oldLeft >= 5_000 - 1_000 && oldLeft < 5_000, "old ids left after one sweep: " + oldLeft);

        for (int second = 62; second <= 70; second++) {
            driver.send(received, null, payment("new-" + second, 100, T.plusSeconds(second)));
        }
        assertEquals(0, idsSeenBefore(T.plusSeconds(1)), "every old id forgotten a slice at a time");
        // at stream time 70 s the retention keeps ids from 10 s on: those 61, and no other
        assertEquals(61, idsSeenBefore(T.plusSeconds(71)), "ids left: those within the retention");
        assertEquals(5_070, driver.readValues(once).size());
    }

    @Test
    void shouldStillForgetAnIdThatCameInOlderThanTheOthersAfterTheStoreWasSweptOnce() {
        driver(Dedupe.by(Payment::id, Codec.string()).within(Duration.ofMinutes(1)));
        for (int second = 0; second <= 5; second++) {
            driver.send(received, null, payment("p-" + second, 100, T.plusSeconds(second)));
        }
        // a round of sweeps has seen the store: nothing in it older than T. Then an id from before T
        driver.send(received, null, payment("late", 100, T.minusSeconds(50)));
        for (int second = 6; second <= 15; second++) {
            driver.send(received, null, payment("p-" + second, 100, T.plusSeconds(second)));
        }

        assertEquals(0, idsSeenBefore(T.minusSeconds(40)), "the late id is forgotten once past the retention");
        assertEquals(16, idsSeenBefore(T.plusSeconds(16)));
    }

    /** How many ids the dedupe's store holds that were first seen before {@code time}. */
    private long idsSeenBefore(Instant time) {
        KeyValueStore<String, byte[]> seen = driver.kafkaDriver().getKeyValueStore("received-once-seen");
        long count = 0;
        try (KeyValueIterator<String, byte[]> all = seen.all()) {
            while (all.hasNext()) {
                if (ByteBuffer.wrap(all.next().value).getLong() < time.toEpochMilli()) {
                    count++;
                }
            }
        }
        return count;
    }
}
