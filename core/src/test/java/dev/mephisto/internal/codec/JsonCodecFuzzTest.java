package dev.mephisto.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mephisto.Codec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * 100,000 documents built from valid payments, then damaged: values swapped for hostile tokens
 * (huge exponents, overflowing doubles, far dates, deep nesting, long strings) and bytes flipped,
 * cut, inserted. Every decode either gives a value within the documented limits or fails with the
 * codec's own IllegalArgumentException; none throws anything else, and none takes long.
 */
class JsonCodecFuzzTest {

    record Payment(String paymentId, String accountId, BigDecimal amount, String currency, Instant receivedAt,
            Double rate, double fee, BigInteger sequence, long count, int attempts, LocalDate bookingDay,
            OffsetDateTime settledAt, Duration delay, List<String> tags, Map<String, Object> extra,
            List<Payment> parts, Optional<String> note, JsonNode raw, double[] weights) {
    }

    private static final int DOCUMENTS = 100_000;
    /** Generous: a decode takes microseconds, a million-character string a few milliseconds (slowest seen: 0.4 s). */
    private static final long MAX_NANOS_PER_DECODE = Duration.ofSeconds(5).toNanos();

    private static final List<String> HOSTILE = List.of(
            "1e999999999", "-1e999999999", "1e-999999999", "-1e-999999999", "1E+2147483647", "1e-2147483648",
            "1e9999999999", "1e1000", "1e1001", "-1e-1001", "1e308", "1e309", "-1e309", "4.9e-325", "2.5e-324",
            "1.7976931348623157e308", "1.7976931348623159e308", "123456789012345678901234567890",
            "-9223372036854775809", "9223372036854775808", "2147483648", "0x10", "NaN", "-Infinity", "Infinity",
            "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e999999999\"", "\"-1e-999999999\"", "01", "-", "1.",
            ".5", "1e", "+1", "1" + "0".repeat(999), "1" + "0".repeat(1_000), "0." + "0".repeat(998) + "1",
            "\"+999999999-12-31T23:59:59Z\"", "\"-999999999-01-01T00:00:00Z\"", "\"0000-01-01T00:00:00Z\"",
            "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.999999999Z\"", "\"+10000-01-01T00:00:00Z\"",
            "\"2026-02-30T00:00:00Z\"", "\"2026-01-01T24:00:00Z\"", "\"2026-01-01T00:00:60Z\"",
            "\"2026-01-01T00:00:00+18:00\"", "\"2026-01-01T00:00:00-18:00\"", "\"2026-01-01\"", "\"+999999999-12-31\"",
            "\"PT99999999999999H\"", "\"PT-99999999999999H\"", "\"P999999999D\"", "\"PT0.000000001S\"",
            "253402300800", "-62135596801", "1e12", "-1e12", "9.99999999999e11", "1e-9", "-0", "-0.0",
            "null", "true", "false", "{}", "[]", "\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\uZZZZ\"", "\"é€😀\"",
            "[1e999999999]", "{\"x\":1e999999999}", "{\"x\":[{\"y\":-1e-999999999}]}", "[1.5,1e400]", "[[[[[]]]]]");

    private final Codec<Payment> codec = Codec.json(Payment.class);

    @Test
    void shouldDecodeEveryDamagedDocumentOrRefuseItCleanlyAndQuickly() {
        SplittableRandom random = new SplittableRandom(20_261_122);
        int decoded = 0;
        int refused = 0;
        long slowest = 0;
        for (int i = 0; i < DOCUMENTS; i++) {
            byte[] document = damaged(random, valid(random, 0));
            long started = System.nanoTime();
            try {
                Payment payment = codec.decode(document);
                assertWithinLimits(payment, document);
                decoded++;
            } catch (IllegalArgumentException e) {
                if (e.getClass() != IllegalArgumentException.class || e.getMessage() == null
                        || !(e.getMessage().startsWith("not a JSON Payment") || e.getMessage().startsWith("empty input")
                        || e.getMessage().startsWith("JSON null"))) {
                    fail("document #" + i + " failed with something other than the codec's decode error: "
                            + e + "\n" + preview(document), e);
                }
                refused++;
            } catch (Throwable e) {
                fail("document #" + i + " threw " + e + "\n" + preview(document), e);
            }
            long took = System.nanoTime() - started;
            slowest = Math.max(slowest, took);
            assertTrue(took < MAX_NANOS_PER_DECODE, "document #" + i + " took " + took / 1_000_000 + " ms to decode\n"
                    + preview(document));
        }
        assertEquals(DOCUMENTS, decoded + refused);
        assertTrue(decoded > DOCUMENTS / 20, "the fuzzer must also produce documents that decode: " + decoded);
        assertTrue(refused > DOCUMENTS / 2, "the fuzzer must mostly produce documents that fail: " + refused);
        System.out.printf("json fuzz: %,d documents, %,d decoded, %,d refused, slowest decode %,d µs%n", DOCUMENTS,
                decoded, refused, slowest / 1_000);
    }

    /** What the limits promise of every decoded value: later code can afford it. */
    private static void assertWithinLimits(Payment payment, byte[] document) {
        try {
            if (payment.amount() != null) {
                assertTrue(payment.amount().toPlainString().length() <= 2 * JsonLimits.MAX_DIGITS + 3);
            }
            if (payment.receivedAt() != null) {
                payment.receivedAt().toEpochMilli();
            }
            if (payment.settledAt() != null) {
                payment.settledAt().toInstant().toEpochMilli();
            }
            if (payment.bookingDay() != null) {
                payment.bookingDay().atStartOfDay().toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
            }
            if (payment.delay() != null) {
                payment.delay().toMillis();
            }
            if (payment.rate() != null) {
                assertTrue(Double.isFinite(payment.rate()));
            }
            assertTrue(Double.isFinite(payment.fee()));
            if (payment.sequence() != null) {
                assertTrue(payment.sequence().toString().length() <= JsonLimits.MAX_DIGITS + 1);
            }
            if (payment.weights() != null) {
                for (double weight : payment.weights()) {
                    assertTrue(Double.isFinite(weight));
                }
            }
            if (payment.parts() != null) {
                for (Payment part : payment.parts()) {
                    if (part != null) {
                        assertWithinLimits(part, document);
                    }
                }
            }
        } catch (RuntimeException e) {
            fail("a decoded value is past the limits: " + e + "\n" + preview(document), e);
        }
    }

    private static String valid(SplittableRandom random, int depth) {
        StringBuilder json = new StringBuilder("{");
        field(json, "paymentId", random, "\"p-" + random.nextInt(1_000_000) + "\"");
        field(json, "accountId", random, "\"acct-" + random.nextInt(100) + "\"");
        field(json, "amount", random, random.nextInt(100_000) + "." + random.nextInt(10) + random.nextInt(10));
        field(json, "currency", random, "\"" + List.of("EUR", "USD", "JPY", "BHD").get(random.nextInt(4)) + "\"");
        field(json, "receivedAt", random, "\"" + Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L),
                random.nextInt(1_000) * 1_000_000) + "\"");
        field(json, "rate", random, String.valueOf(random.nextDouble()));
        field(json, "fee", random, String.valueOf(random.nextDouble() * 10));
        field(json, "sequence", random, String.valueOf(random.nextLong()));
        field(json, "count", random, String.valueOf(random.nextLong(1_000)));
        field(json, "attempts", random, String.valueOf(random.nextInt(10)));
        field(json, "bookingDay", random, "\"2026-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "\"");
        field(json, "settledAt", random, "\"2026-01-01T00:00:00+01:00\"");
        field(json, "delay", random, "\"PT" + random.nextInt(100) + "S\"");
        field(json, "tags", random, "[\"a\",\"b\"]");
        field(json, "extra", random, "{\"k\":1.5,\"l\":[1,2,{\"m\":null}]}");
        if (depth < 2 && random.nextInt(4) == 0) {
            field(json, "parts", random, "[" + valid(random, depth + 1) + "]");
        }
        field(json, "note", random, "\"n\"");
        field(json, "raw", random, "{\"r\":[0.5,\"x\"]}");
        field(json, "weights", random, "[0.25,0.75]");
        json.setLength(json.length() - 1);
        return json.append('}').toString();
    }

    /** A field, its value sometimes swapped for a hostile token, a nested monster or a long string. */
    private static void field(StringBuilder json, String name, SplittableRandom random, String value) {
        int roll = random.nextInt(100);
        String chosen;
        if (roll < 8) {
            chosen = HOSTILE.get(random.nextInt(HOSTILE.size()));
        } else if (roll == 8 && random.nextInt(10) == 0) {
            int depth = 150 + random.nextInt(100); // either side of the 200 limit
            chosen = random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                    : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        } else if (roll == 9 && random.nextInt(200) == 0) {
            chosen = "\"" + "x".repeat(999_990 + random.nextInt(20)) + "\""; // either side of 1,000,000
        } else {
            chosen = value;
        }
        json.append('"').append(name).append("\":").append(chosen).append(',');
    }

    /** Byte-level damage, on a third of the documents. */
    private static byte[] damaged(SplittableRandom random, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(3) != 0 || bytes.length == 0) {
            return bytes;
        }
        int at = random.nextInt(bytes.length);
        return switch (random.nextInt(5)) {
            case 0 -> {
                bytes[at] = (byte) random.nextInt(256);
                yield bytes;
            }
            case 1 -> java.util.Arrays.copyOf(bytes, at);
            case 2 -> {
                byte[] inserted = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, inserted, 0, at);
                String noise = "{}[]\",:0e-.\\ ";
                inserted[at] = (byte) noise.charAt(random.nextInt(noise.length()));
                System.arraycopy(bytes, at, inserted, at + 1, bytes.length - at);
                yield inserted;
            }
            case 3 -> {
                byte[] removed = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, removed, 0, at);
                System.arraycopy(bytes, at + 1, removed, at, bytes.length - at - 1);
                yield removed;
            }
            default -> {
                bytes[at] = (byte) (bytes[at] ^ (1 << random.nextInt(8)));
                yield bytes;
            }
        };
    }

    private static String preview(byte[] document) {
        String text = new String(document, StandardCharsets.UTF_8);
        return text.length() <= 600 ? text : text.substring(0, 600) + "... (" + document.length + " bytes)";
    }
}
