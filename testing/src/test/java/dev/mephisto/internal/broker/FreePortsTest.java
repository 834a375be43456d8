package dev.mephisto.internal.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void shouldSkipAPortAnotherStartingBrokerHasClaimedUntilItLetsGo() {
        int preferred = FreePorts.any();
        int second;
        try (PortClaim first = FreePorts.claimPreferring(preferred, 20)) {
            assertEquals(preferred, first.port());
            try (PortClaim next = FreePorts.claimPreferring(preferred, 20)) {
                second = next.port();
                assertNotEquals(preferred, second, "claimed by the first broker, though nothing listens yet");
                assertTrue(second > preferred && second < preferred + 20, "the next free one: " + second);
            }
        }
        try (PortClaim again = FreePorts.claimPreferring(preferred, 20)) {
            assertEquals(preferred, again.port(), "free again once the first claim is closed");
        }
    }

    @Test
    void shouldLeaveAnyFreePortUnclaimed() {
        try (PortClaim any = FreePorts.claimPreferring(0, 20)) {
            assertTrue(any.port() > 0);
        }
    }
}
