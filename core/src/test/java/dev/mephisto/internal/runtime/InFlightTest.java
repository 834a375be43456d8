package dev.mephisto.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InFlightTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldMeasureARecordInFlightFromTheFirstCheckThatSawIt() {
        InFlight slot = new InFlight();
        long t0 = 1_000 * SECOND;
        assertEquals(0, slot.busyNanos(t0), "between records");

        slot.enter();
        assertEquals(0, slot.busyNanos(t0 + SECOND), "first sighting");
        assertEquals(3 * SECOND, slot.busyNanos(t0 + 4 * SECOND), "the same record, three seconds on");

        slot.leave();
        assertEquals(0, slot.busyNanos(t0 + 5 * SECOND), "done");
    }

    @Test
    void shouldStartAfreshWhenAnotherRecordIsInFlightAtTheNextCheck() {
        InFlight slot = new InFlight();
        long t0 = 1_000 * SECOND;
        slot.enter();
        assertEquals(0, slot.busyNanos(t0));
        // the record ends and the next begins between two checks: the second is not stuck
        slot.leave();
        slot.enter();
        assertEquals(0, slot.busyNanos(t0 + 2 * SECOND));
        assertEquals(SECOND, slot.busyNanos(t0 + 3 * SECOND));
    }
}
