package dev.mephisto.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mephisto.ProcessingGuarantee;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Settings from the environment and system properties, over the defaults. */
class PaymentsSettingsTest {

    @Test
    void shouldDefaultToExactlyOnceWithAThirtySecondWindow() {
        PaymentsSettings settings = PaymentsSettings.fromEnvironment(Map.of(), new Properties());

        assertEquals(ProcessingGuarantee.EXACTLY_ONCE, settings.guarantee());
        assertEquals(Duration.ofSeconds(30), settings.reconcileWindow());
        assertEquals(Duration.ofHours(24), settings.dedupRetention());
    }

    @Test
    void shouldReadEnvironmentVariablesAndLetSystemPropertiesWin() {
        Properties system = new Properties();
        system.setProperty("payments.replication", "3");
        PaymentsSettings settings = PaymentsSettings.fromEnvironment(Map.of(
                "PAYMENTS_PARTITIONS", "6",
                "PAYMENTS_REPLICATION", "2",
                "PAYMENTS_GUARANTEE", "at_least_once",
                "PAYMENTS_RECONCILE_WINDOW", "5s",
                "PAYMENTS_RECONCILE_GRACE", "500ms",
                "PAYMENTS_DEDUP_RETENTION", "PT2H"), system);

        assertEquals(6, settings.partitions());
        assertEquals(3, settings.replication());
        assertEquals(ProcessingGuarantee.AT_LEAST_ONCE, settings.guarantee());
        assertEquals(Duration.ofSeconds(5), settings.reconcileWindow());
        assertEquals(Duration.ofMillis(500), settings.reconcileGrace());
        assertEquals(Duration.ofHours(2), settings.dedupRetention());
    }

    @Test
    void shouldSayWhichVariableIsWrongAndWhatItShouldBe() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PaymentsSettings.fromEnvironment(Map.of("PAYMENTS_RECONCILE_WINDOW", "thirty"), new Properties()));

        assertEquals("PAYMENTS_RECONCILE_WINDOW is 'thirty': use a duration such as 30s, 5m, 24h, 500ms or PT30S",
                e.getMessage());
    }
}
