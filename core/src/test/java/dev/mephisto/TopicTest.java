package dev.mephisto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TopicTest {

    private final Topic<String, String> base = Topic.of("events", Codec.string(), Codec.string());

    @Test
    void shouldCopyWithEachSettingAndLeaveTheOriginalAlone() {
        Topic<String, String> tuned = base.withPartitions(12).withReplication(3).withRetention(Duration.ofDays(7))
                .withConfig("max.message.bytes", "2097152");

        assertEquals(OptionalInt.of(12), tuned.partitions());
        assertEquals(Optional.of((short) 3), tuned.replication());
        assertEquals(Map.of("max.message.bytes", "2097152", "retention.ms", "604800000"), tuned.topicConfigs());
        assertEquals(OptionalInt.empty(), base.partitions());
        assertEquals(Map.of(), base.topicConfigs());
    }

    @Test
    void shouldCompact() {
        Topic<String, String> compacted = base.withCompaction();

        assertTrue(compacted.compacted());
        assertFalse(base.compacted());
        assertEquals(Map.of("cleanup.policy", "compact"), compacted.topicConfigs());
    }

    @Test
    void shouldRefuseRetentionTogetherWithCompaction() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> base.withCompaction().withRetention(Duration.ofDays(1)));

        assertEquals("topic 'events' is compacted; a retention time does not apply (choose withRetention(...) or"
                + " withCompaction(), not both)", e.getMessage());
    }

    @Test
    void shouldRefuseNonsenseSettingsNamingTheTopic() {
        assertEquals("topic 'events' needs at least 1 partition, got 0",
                assertThrows(IllegalArgumentException.class, () -> base.withPartitions(0)).getMessage());
        assertEquals("topic 'events' needs a positive retention, got PT0S",
                assertThrows(IllegalArgumentException.class, () -> base.withRetention(Duration.ZERO)).getMessage());
        assertEquals("keyCodec can't be null (topic 'x')",
                assertThrows(NullPointerException.class, () -> Topic.of("x", null, Codec.string())).getMessage());
    }

    @Test
    void shouldRefuseAHoppingWindowThatSkipsTime() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableWindow.hopping(Duration.ofMinutes(1), Duration.ofMinutes(2)));

        assertEquals("a hopping window's advance (PT2M) must not exceed its size (PT1M); records between windows would"
                + " be lost", e.getMessage());
    }

    @Test
    void shouldDefaultWindowRetentionToADayOrSizePlusGrace() {
        assertEquals(Duration.ofDays(1), TableWindow.tumbling(Duration.ofMinutes(1)).retention());
        assertEquals(Duration.ofDays(2).plusHours(1),
                TableWindow.tumbling(Duration.ofDays(2)).withGrace(Duration.ofHours(1)).retention());
    }

    record Event(String id, java.time.Instant at) {
    }

    @Test
    void shouldReadTheEventTimeFieldAndKeepEverySettingWhenCopied() {
        Topic<String, Event> events = Topic.of("events", Codec.string(), Codec.json(Event.class)).withPartitions(6)
                .withEventTime("at", Event::at);
        java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");

        assertTrue(events.hasEventTime());
        assertEquals("at", events.eventTimeField());
        assertEquals(at, events.eventTimeOf(new Event("e-1", at)));
        assertEquals(null, events.eventTimeOf(new Event("e-1", null)));
        assertEquals(null, events.eventTimeOf(null));
        assertEquals(OptionalInt.of(6), events.withRetention(Duration.ofDays(1)).partitions());
        assertTrue(events.withRetention(Duration.ofDays(1)).hasEventTime(), "kept by every copy");
        assertFalse(base.hasEventTime());
    }
}
