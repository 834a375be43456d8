package dev.mephisto.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.examples.ClickWindows.Reading;
import dev.mephisto.testing.AppTestDriver;
import dev.mephisto.testing.OutputRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClickWindowsTest {

    private static final Instant MINUTE = Instant.parse("2026-01-01T10:00:00Z");

    private final ClickWindows clicks = new ClickWindows();

    @Test
    void shouldReadTheCurrentEventWindowAndTheWallClockWindow() {
        try (AppTestDriver driver = AppTestDriver.create(clicks.app, MINUTE)) {
            driver.send(clicks.clicks, "ana", "home", MINUTE.plusSeconds(5));
            driver.send(clicks.clicks, "bob", "home", MINUTE.plusSeconds(50));
            // an event of the previous minute: current() is that minute, now() is still this one
            driver.send(clicks.clicks, "cy", "home", MINUTE.minusSeconds(30));

            assertEquals(List.of(new Reading("home", 1L, 1L), new Reading("home", 2L, 2L),
                    new Reading("home", 1L, 2L)), driver.readValues(clicks.readings));
        }
    }

    @Test
    void shouldEmitTheFinalValueWhenTheWindowClosesDrivenByTimeAlone() {
        try (AppTestDriver driver = AppTestDriver.create(clicks.app, MINUTE)) {
            driver.send(clicks.clicks, "ana", "home", MINUTE.plusSeconds(5));
            driver.send(clicks.clicks, "bob", "home", MINUTE.plusSeconds(20));
            driver.send(clicks.clicks, "bob", "docs", MINUTE.plusSeconds(30));
            assertTrue(driver.isEmpty(clicks.minuteTotals), "the minute is still open");

            // stream time is 10:00:30 and nothing arrives: it moves on with the wall clock
            driver.advanceWallClock(Duration.ofSeconds(20));
            assertTrue(driver.isEmpty(clicks.minuteTotals), "the minute is still open at 10:00:50");

            driver.advanceWallClock(Duration.ofSeconds(15)); // 10:01:05: the minute has closed
            List<OutputRecord<String, Long>> totals = driver.read(clicks.minuteTotals);
            assertEquals(List.of("docs=1", "home=2"),
                    totals.stream().map(r -> r.key() + "=" + r.value()).sorted().toList());
            assertEquals("2026-01-01T10:00:00Z", totals.get(0).headers().get("mephisto.window.start"));
            assertEquals("2026-01-01T10:01:00Z", totals.get(0).headers().get("mephisto.window.end"));

            driver.advanceWallClock(Duration.ofMinutes(5));
            assertTrue(driver.isEmpty(clicks.minuteTotals), "a window closes once");
        }
    }

    @Test
    void shouldCloseAWindowWhenOtherKeysMoveStreamTimePastIt() {
        try (AppTestDriver driver = AppTestDriver.create(clicks.app, MINUTE)) {
            driver.send(clicks.clicks, "ana", "home", MINUTE.plusSeconds(5));
            driver.send(clicks.clicks, "bob", "docs", MINUTE.plusSeconds(125));
            driver.advanceWallClock(Duration.ofSeconds(1));

            assertEquals(List.of("home=1"),
                    driver.read(clicks.minuteTotals).stream().map(r -> r.key() + "=" + r.value()).toList());
        }
    }

    @Test
    void shouldDropWritesToAClosedWindow() {
        try (AppTestDriver driver = AppTestDriver.create(clicks.app, MINUTE)) {
            driver.send(clicks.clicks, "ana", "home", MINUTE.plusSeconds(5));
            driver.advanceWallClock(Duration.ofMinutes(2));
            driver.read(clicks.minuteTotals);

            driver.send(clicks.clicks, "late", "home", MINUTE.plusSeconds(10));

            assertEquals(1L, driver.get(clicks.perMinute, "home", MINUTE));
        }
    }

    @Test
    void shouldFireTheWallClockTimerOnWallClockAdvance() {
        try (AppTestDriver driver = AppTestDriver.create(clicks.app, MINUTE)) {
            assertTrue(driver.isEmpty(clicks.ticks));

            driver.advanceWallClock(Duration.ofSeconds(10));
            driver.advanceWallClock(Duration.ofSeconds(10));

            assertEquals(List.of(MINUTE.plusSeconds(10).toEpochMilli(), MINUTE.plusSeconds(20).toEpochMilli()),
                    driver.readValues(clicks.ticks));
        }
    }
}
