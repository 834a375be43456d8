package dev.mephisto.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mephisto.Codec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each bound of the JSON codec: a decode error naming the field and the limit; values at the bound still read. */
class JsonLimitsTest {

    record Everything(String text, BigDecimal amount, BigInteger big, Double rate, Double ratio, Float small,
            Instant at, LocalDate day, LocalDateTime local, OffsetDateTime offset, ZonedDateTime zoned,
            Duration delay, List<BigDecimal> amounts, Map<String, Object> extra, Object any, JsonNode tree,
            double[] weights, Optional<BigDecimal> maybe, List<Everything> children) {
    }

    record Primitives(double rate, float small) {
    }

    private final Codec<Everything> codec = Codec.json(Everything.class);

    private Everything decode(String json) {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private String failure(String json) {
        return assertThrows(IllegalArgumentException.class, () -> decode(json)).getMessage();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "huge exponent             | {\"amount\":1e999999999}     | field amount: number with scale -999999999 (an exponent of 999999999) is out of range: at most 1000 digits either side of the point",
            "huge negative             | {\"amount\":-1e999999999}    | field amount: number with scale -999999999",
            "tiny exponent             | {\"amount\":1e-999999999}    | field amount: number with scale 999999999 (999999999 digits after the point) is out of range",
            "just past the scale       | {\"amount\":1e1001}          | field amount: number with scale -1001",
            "as a string               | {\"amount\":\"1e999999999\"} | field amount: number with scale -999999999",
            "in a list                 | {\"amounts\":[1,2,1e5000]}   | field amounts[2]: number with scale -5000",
            "in an Optional            | {\"maybe\":1e-5000}          | field maybe: number with scale 5000",
            "in a nested record        | {\"children\":[{},{\"amount\":1e2000}]} | field children[1].amount: number with scale -2000",
            "in an untyped map         | {\"extra\":{\"x\":{\"y\":[1e999999999]}}} | field extra.x: field y: element [0]: number with scale -999999999",
            "in an untyped value       | {\"any\":1e-3000}            | field any: number with scale 3000",
            "in a JSON tree            | {\"tree\":{\"a\":[0,1e4000]}} | field tree: field a: element [1]: number with scale -4000",
            "big integer               | {\"big\":1e5000}             | field big: integer of 16610 bits (about 5000 digits) is out of range: at most 1000 digits",
            "double overflow           | {\"rate\":1e999}             | field rate: number Infinity is out of range: a floating-point value must be finite",
            "double NaN as text        | {\"rate\":\"NaN\"}           | field rate: number NaN is out of range",
            "boxed double Infinity     | {\"ratio\":\"-Infinity\"}    | field ratio: number -Infinity is out of range",
            "float overflow            | {\"small\":1e39}             | field small: number Infinity is out of range",
            "double array              | {\"weights\":[1.5,1e400]}    | field weights: element [1]: number Infinity is out of range",
            "far-future instant        | {\"at\":\"+999999999-12-31T23:59:59Z\"} | field at: instant +999999999-12-31T23:59:59Z is out of range: years 0001 to 9999 (UTC), so epoch milliseconds never overflow",
            "far-past instant          | {\"at\":\"-999999999-01-01T00:00:00Z\"} | field at: instant -999999999-01-01T00:00:00Z is out of range",
            "year zero                 | {\"at\":\"0000-12-31T23:59:59Z\"} | field at: instant 0000-12-31T23:59:59Z is out of range",
            "year 10000                | {\"at\":\"+10000-01-01T00:00:00Z\"} | field at: instant +10000-01-01T00:00:00Z is out of range",
            "instant as huge seconds   | {\"at\":1e999999999}         | field at: number 1E+999999999 is out of range for java.time.Instant: as seconds it lies outside years 0001 to 9999",
            "instant as long seconds   | {\"at\":253402300800}        | field at: instant +10000-01-01T00:00:00Z is out of range",
            "local date                | {\"day\":\"+999999999-12-31\"} | field day: date in year 999999999 is out of range: years 0001 to 9999",
            "local date-time           | {\"local\":\"-5000-01-01T00:00:00\"} | field local: date-time in year -5000 is out of range",
            "offset date-time          | {\"offset\":\"+20000-01-01T00:00:00+01:00\"} | field offset: date-time in year 20000 is out of range",
            "zoned date-time           | {\"zoned\":\"+20000-01-01T00:00:00Z[UTC]\"} | field zoned: date-time in year 20000 is out of range",
            "duration                  | {\"delay\":\"PT99999999999999H\"} | field delay: duration of 359999999999996400 seconds is out of range: at most 10,000 years (315569520000 seconds) either way"})
    void shouldRefuseAValuePastItsBoundNamingTheFieldAndTheLimit(String what, String json, String reason) {
        String message = failure(json);

        assertTrue(message.startsWith("not a JSON Everything: " + reason), what + ": " + message);
        assertTrue(message.contains("see 'Input limits' in the operations guide"), message);
    }

    @Test
    void shouldRefuseAPrimitiveFloatingPointValueThatIsNotFinite() {
        Codec<Primitives> primitives = Codec.json(Primitives.class);

        String overflow = assertThrows(IllegalArgumentException.class, () -> primitives.decode(
                "{\"rate\":-1e999999999,\"small\":1}".getBytes(StandardCharsets.UTF_8))).getMessage();
        String nan = assertThrows(IllegalArgumentException.class, () -> primitives.decode(
                "{\"rate\":1,\"small\":\"NaN\"}".getBytes(StandardCharsets.UTF_8))).getMessage();

        assertTrue(overflow.startsWith("not a JSON Primitives: field rate: number -Infinity is out of range: a"
                + " floating-point value must be finite"), overflow);
        assertTrue(nan.startsWith("not a JSON Primitives: field small: number NaN is out of range"), nan);
        assertEquals(new Primitives(1e308, 3.4e38f),
                primitives.decode("{\"rate\":1e308,\"small\":3.4e38}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldReadValuesAtTheirBounds() {
        String thousandDigits = "9".repeat(1_000);
        Everything at = decode("{\"amount\":1e1000,\"big\":" + thousandDigits + ",\"rate\":1.7976931348623157e308,"
                + "\"at\":\"9999-12-31T23:59:59.999999999Z\",\"day\":\"0001-01-01\",\"delay\":\"PT87658128H\","
                + "\"amounts\":[1e-1000,0." + "1".repeat(999) + "],\"extra\":{\"x\":1e-1000},\"weights\":[1e308]}");

        assertEquals(-1_000, at.amount().scale());
        assertEquals(new BigInteger(thousandDigits), at.big());
        assertEquals(Double.MAX_VALUE, at.rate());
        assertEquals(Instant.parse("9999-12-31T23:59:59.999999999Z"), at.at());
        assertEquals(253_402_300_799_999L, at.at().toEpochMilli());
        assertEquals(LocalDate.of(1, 1, 1), at.day());
        assertEquals(Duration.ofHours(87_658_128), at.delay());
        assertEquals(1_000, at.amounts().get(0).scale());
        assertEquals(new BigDecimal("1e-1000"), at.extra().get("x"));
        assertArrayEquals(new double[] {1e308}, at.weights());
        assertEquals(Instant.parse("0001-01-01T00:00:00Z"), decode("{\"at\":\"0001-01-01T00:00:00Z\"}").at());
    }

    @Test
    void shouldRefuseANumberLiteralLongerThanAThousandCharacters() {
        String message = failure("{\"amount\":1" + "0".repeat(1_000) + "}");

        assertTrue(message.startsWith("not a JSON Everything: Number value length (1001) exceeds the maximum allowed"
                + " (1000"), message);
        assertTrue(message.endsWith("(Mephisto's JSON codec limit; see 'Input limits' in the operations guide)"),
                message);
    }

    @Test
    void shouldRefuseAStringLongerThanAMillionCharacters() {
        assertEquals(1_000_000, decode("{\"text\":\"" + "x".repeat(1_000_000) + "\"}").text().length());

        String message = failure("{\"text\":\"" + "x".repeat(1_000_001) + "\"}");

        assertTrue(message.startsWith("not a JSON Everything: field text: String value length (1000001) exceeds the"
                + " maximum allowed (1000000"), message);
        assertTrue(message.contains("see 'Input limits' in the operations guide"), message);
    }

    @Test
    void shouldRefuseNestingDeeperThanTwoHundred() {
        String deep = "{\"any\":" + "[".repeat(199) + "]".repeat(199) + "}";
        assertEquals(List.class, ((List<?>) decode(deep).any()).getClass().getInterfaces()[0]);

        String message = failure("{\"any\":" + "[".repeat(200) + "]".repeat(200) + "}");

        assertTrue(message.contains("Document nesting depth (201) exceeds the maximum allowed (200"), message);
        assertTrue(message.contains("see 'Input limits' in the operations guide"), message);
    }

    @Test
    void shouldRefuseARecordOfMoreThanAMillionTokens() {
        StringBuilder many = new StringBuilder("{\"amounts\":[");
        for (int i = 0; i < 1_000_000; i++) {
            many.append(i == 0 ? "1" : ",1");
        }
        String message = failure(many.append("]}").toString());

        assertTrue(message.contains("Token count (1000001) exceeds the maximum allowed (1000000"), message);
        assertTrue(message.contains("see 'Input limits' in the operations guide"), message);
    }
}
