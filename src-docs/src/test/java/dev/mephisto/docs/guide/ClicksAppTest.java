package dev.mephisto.docs.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.docs.guide.ClicksApp.Reading;
import dev.mephisto.testing.AppTestDriver;
import dev.mephisto.testing.OutputRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClicksAppTest {

    private static final Instant TEN = Instant.parse("2026-01-01T10:00:00Z");

    private final ClicksApp clicks = new ClicksApp();

    @Test
    void shouldReadTheEventWindowTheWallClockWindowAndTheWindowBefore() {
        try (AppTestDriver driver = AppTestDriver.create(clicks.app, TEN)) {
            driver.send(clicks.clicks, "ana", "home", TEN.minusSeconds(30));   // 09:59:30
            driver.send(clicks.clicks, "bob", "home", TEN.plusSeconds(5));     // 10:00:05
            driver.send(clicks.clicks, "cy", "home", TEN.plusSeconds(6));      // 10:00:06

            assertEquals(List.of(new Reading("home", 1L, null, null), new Reading("home", 1L, 1L, 1L),
                    new Reading("home", 2L, 2L, 1L)), driver.readValues(clicks.readings));
        }
    }

    // tag::window-close[]
    @Test
    void shouldEmitEachMinutesFinalCountWhenItClosesByTimeAlone() {
        try (AppTestDriver driver = AppTestDriver.create(clicks.app, TEN)) {
            driver.send(clicks.clicks, "ana", "home", TEN.plusSeconds(5));
            driver.send(clicks.clicks, "bob", "home", TEN.plusSeconds(20));
            assertTrue(driver.isEmpty(clicks.minuteTotals));                  // 10:00 is still open

            driver.advanceWallClock(Duration.ofSeconds(80));                   // past 10:01 plus 10 s grace
            OutputRecord<String, Long> total = driver.read(clicks.minuteTotals).get(0);
            assertEquals("home", total.key());
            assertEquals(2L, total.value());
            assertEquals("2026-01-01T10:00:00Z", total.headers().get("mephisto.window.start"));
            assertEquals("2026-01-01T10:01:00Z", total.headers().get("mephisto.window.end"));
        }
    }
    // end::window-close[]

    @Test
    void shouldAlertWhenAClosedMinuteHadAHundredClicks() {
        try (AppTestDriver driver = AppTestDriver.create(clicks.app, TEN)) {
            for (int i = 0; i < 100; i++) {
                driver.send(clicks.clicks, "u" + i, "sale", TEN.plusMillis(i));
            }
            driver.send(clicks.clicks, "u", "home", TEN.plusSeconds(1));
            driver.advanceWallClock(Duration.ofMinutes(2));

            assertEquals(List.of("sale"), driver.readKeyValues(clicks.alerts).stream().map(kv -> kv.key).toList());
            assertEquals(2, driver.readValues(clicks.minuteTotals).size());
        }
    }
}
