package dev.mephisto.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mephisto.Codec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

    record Stamp(Instant at) {
    }

    record Epoch(@JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant at) {
    }

    /** What jackson-datatype-jsr310 alone writes: the reference the fast path must match byte for byte. */
    private static final ObjectMapper JSR310 = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final Codec<Stamp> codec = Codec.json(Stamp.class);

    @Test
    void shouldWriteAndReadExactlyWhatJsr310WritesAndReads() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        List<Instant> edges = List.of(Instant.EPOCH, Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("1969-12-31T23:59:59.5Z"),
                Instant.parse("2024-02-29T12:00:00.000001Z"), Instant.parse("2026-11-22T15:08:00.120Z"));
        for (int i = 0; i < 20_000 + edges.size(); i++) {
            Instant instant = i < edges.size() ? edges.get(i)
                    : Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                            switch (i % 4) {
                                case 0 -> 0;
                                case 1 -> random.nextInt(1_000) * 1_000_000;
                                case 2 -> random.nextInt(1_000_000) * 1_000;
                                default -> random.nextInt(1_000_000_000);
                            });
            byte[] ours = codec.encode(new Stamp(instant));
            assertEquals(JSR310.writeValueAsString(new Stamp(instant)), new String(ours, StandardCharsets.UTF_8));
            assertEquals(instant, codec.decode(ours).at());
            assertEquals(instant, IsoInstants.parse(DateTimeFormatter.ISO_INSTANT.format(instant)));
        }
    }

    @Test
    void shouldLeaveEveryOtherFormToJsr310() {
        assertNull(IsoInstants.parse("2026-11-22T15:08:00+01:00"));
        assertNull(IsoInstants.parse("2026-02-30T15:08:00Z"));
        assertNull(IsoInstants.parse("2026-11-22T24:00:00Z"));
        assertNull(IsoInstants.parse("2026-11-22 15:08:00Z"));
        assertNull(IsoInstants.parse("+12026-11-22T15:08:00Z"));
        assertEquals(Instant.parse("2026-11-22T14:08:00Z"),
                codec.decode("{\"at\":\"2026-11-22T15:08:00+01:00\"}".getBytes(StandardCharsets.UTF_8)).at());
        assertEquals(Instant.ofEpochSecond(1_767_225_600L),
                codec.decode("{\"at\":1767225600}".getBytes(StandardCharsets.UTF_8)).at());
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> codec.decode(codec.encode(new Stamp(Instant.parse("+12026-11-22T15:08:00Z")))));
        assertTrue(past.getMessage().contains("field at: instant +12026-11-22T15:08:00Z is out of range: years 0001"
                + " to 9999"), past.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> codec.decode("{\"at\":\"2026-02-30T15:08:00Z\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldHonourAPropertysOwnJsonFormat() throws Exception {
        Codec<Epoch> epoch = Codec.json(Epoch.class);
        Instant at = Instant.parse("2026-11-22T15:08:00Z");
        ObjectMapper reference = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        assertEquals(reference.writeValueAsString(new Epoch(at)),
                new String(epoch.encode(new Epoch(at)), StandardCharsets.UTF_8));
        assertEquals(at, epoch.decode(epoch.encode(new Epoch(at))).at());
    }
}
