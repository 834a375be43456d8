package dev.mephisto.docs.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.testing.AppTestDriver;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class PaymentsJoinTest {

    private final PaymentsJoin join = new PaymentsJoin();

    @Test
    void shouldJoinReceivedWithProcessedWithinFiveMinutes() {
        try (AppTestDriver driver = AppTestDriver.create(join.app)) {
            driver.send(join.received, "p-1", "received");
            driver.advanceEventTime(Duration.ofMinutes(4));
            driver.send(join.processed, "p-1", "processed");
            driver.send(join.received, "p-2", "received");
            driver.advanceEventTime(Duration.ofMinutes(6));
            driver.send(join.processed, "p-2", "processed");

            assertEquals(List.of(KeyValue.pair("p-1", "received -> processed")), driver.readKeyValues(join.reconciled));
        }
    }

    @Test
    void shouldNameTheJoinStoreAsDeclared() {
        String topology = join.app.topology().describe().toString();
        assertTrue(topology.contains("reconcile-join"), topology);
    }
}
