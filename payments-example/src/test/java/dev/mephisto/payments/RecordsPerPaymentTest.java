package dev.mephisto.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.testing.AppTestDriver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What one payment costs the broker: every record the pipeline writes (outputs, repartitions,
 * changelogs), counted per topic for valid payments sent with Java's default partitioner. The
 * benchmarks page's "records per payment" is this count.
 */
class RecordsPerPaymentTest {

    private final PaymentsApp payments = PaymentsApp.create(Fixtures.settings());
    private final AppTestDriver driver = AppTestDriver.create(payments.app());

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldWriteSixRecordsPerValidPaymentPlusARepartitionOnlyWhenItsAccountIsOnAnotherPartition() {
        // the test driver plays every record on partition 0: ids whose partition (Java's murmur2) is 0
        // are the ones a Java producer would have put there
        int partitions = Fixtures.settings().partitions();
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < 20; i++) {
            String id = "rpp-" + i;
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions == 0) {
                ids.add(id);
            }
        }
        int moved = 0;
        for (String id : ids) {
            String account = "acct-" + (id.hashCode() & 3);
            driver.send(payments.received(), id, Fixtures.payment(id, account, "10.00", "EUR"));
            // the re-key to balances handles a payment already on its account's partition in place
            if (Utils.toPositive(Utils.murmur2(account.getBytes(StandardCharsets.UTF_8))) % partitions != 0) {
                moved++;
            }
        }
        Map<String, Integer> written = new TreeMap<>(written(driver.kafkaDriver()));
        assertEquals(moved, written.getOrDefault("payments-processed-by-account-repartition", 0),
                "only payments whose account is on another partition cross the repartition: " + written);
        written.remove("payments-processed-by-account-repartition");
        Map<String, Integer> perPayment = new TreeMap<>();
        written.forEach((topic, count) -> perPayment.put(topic, count / ids.size()));
        assertEquals(new TreeMap<>(Map.of(
                "incoming_payment_processed", 1,
                "payments-received-once-seen-changelog", 1,
                "payments-reconcile-left-changelog", 2, // waiting, then its tombstone when the pair matched
                "payments-reconciled", 1,
                "payments-balances-changelog", 1)), perPayment, "records per payment, per topic: " + written);
        assertEquals(6 * ids.size(), written.values().stream().mapToInt(Integer::intValue).sum(), written.toString());
    }

    /** Every record the topology wrote, per topic, read from the driver's capture. */
    private static Map<String, Integer> written(TopologyTestDriver kafka) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String topic : kafka.producedTopicNames()) {
            int count = kafka.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList().size();
            if (count > 0) {
                counts.put(topic, count);
            }
        }
        return counts;
    }
}
