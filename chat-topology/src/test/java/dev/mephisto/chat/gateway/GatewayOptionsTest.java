package dev.mephisto.chat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayOptionsTest {

    @Test
    void shouldCopyWithOneChangeAndLeaveTheOriginalAsItWas() {
        GatewayOptions defaults = GatewayOptions.defaults();
        GatewayOptions changed = defaults.withPort(0).withRequestsPerSecond(5).withHeartbeat(Duration.ofSeconds(3));
        assertEquals(8080, defaults.port());
        assertEquals(20, defaults.requestsPerSecond());
        assertEquals(0, changed.port());
        assertEquals(5, changed.requestsPerSecond());
        assertEquals(Duration.ofSeconds(3), changed.heartbeat());
        assertEquals(defaults.maxFrameBytes(), changed.maxFrameBytes());
    }

    @Test
    void shouldSayWhatIsWrongWithABadOption() {
        assertEquals("port must be 0 to 65535, got 70000",
                assertThrows(IllegalArgumentException.class, () -> GatewayOptions.defaults().withPort(70_000)).getMessage());
        assertEquals("the largest frame must be at least 1024 bytes, got 10", assertThrows(IllegalArgumentException.class,
                () -> GatewayOptions.defaults().withMaxFrameBytes(10)).getMessage());
        assertEquals("requests per second must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> GatewayOptions.defaults().withRequestsPerSecond(0)).getMessage());
    }

    @Test
    void shouldLetABurstOfTwiceTheRateThroughThenRefuse() {
        Connection.TokenBucket bucket = new Connection.TokenBucket(5, 10);
        int taken = 0;
        for (int i = 0; i < 50; i++) {
            if (bucket.take()) {
                taken++;
            }
        }
        // a stalled loop on a loaded machine refills some tokens: only the burst and a refusal are certain
        org.junit.jupiter.api.Assertions.assertTrue(taken >= 10 && taken < 50, "the burst passes, then it refuses: taken " + taken);
    }
}
