package dev.mephisto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CodecTest {

    record Payment(String paymentId, BigDecimal amount, Instant receivedAt, LocalDate bookingDay,
            Optional<String> merchant) {
    }

    static final class Pojo {
        public String name;
        public int count;
    }

    private final Codec<Payment> payments = Codec.json(Payment.class);

    @Test
    void shouldRoundTripARecordWithTimeAsIsoStringsAndExactDecimals() {
        Payment payment = new Payment("p-1", new BigDecimal("10.50"), Instant.parse("2026-11-22T10:15:30.120Z"),
                LocalDate.parse("2026-11-22"), Optional.of("acme"));

        String json = new String(payments.encode(payment), StandardCharsets.UTF_8);

        assertEquals("{\"paymentId\":\"p-1\",\"amount\":10.50,\"receivedAt\":\"2026-11-22T10:15:30.120Z\","
                + "\"bookingDay\":\"2026-11-22\",\"merchant\":\"acme\"}", json);
        assertEquals(payment, payments.decode(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldKeepBigDecimalsExactAndNeverScientific() {
        Payment payment = new Payment("p", new BigDecimal("1E+3"), Instant.EPOCH, LocalDate.EPOCH, Optional.empty());
        String json = new String(payments.encode(payment), StandardCharsets.UTF_8);

        assertTrue(json.contains("\"amount\":1000"), json);
        Payment decoded = payments.decode("{\"paymentId\":\"p\",\"amount\":0.1000000000000000055511151231257827}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(new BigDecimal("0.1000000000000000055511151231257827"), decoded.amount());
    }

    @Test
    void shouldIgnoreUnknownProperties() {
        Payment decoded = payments.decode("{\"paymentId\":\"p\",\"amount\":1,\"surprise\":{\"x\":[1,2]}}"
                .getBytes(StandardCharsets.UTF_8));

        assertEquals("p", decoded.paymentId());
    }

    @Test
    void shouldHandlePojos() {
        Codec<Pojo> codec = Codec.json(Pojo.class);
        Pojo pojo = codec.decode("{\"name\":\"n\",\"count\":3}".getBytes(StandardCharsets.UTF_8));

        assertEquals("n", pojo.name);
        assertEquals("{\"name\":\"n\",\"count\":3}", new String(codec.encode(pojo), StandardCharsets.UTF_8));
    }

    @Test
    void shouldMapNullToNullBothWays() {
        assertNull(payments.encode(null));
        assertNull(payments.decode(null));
        assertNull(Codec.int64().decode(null));
    }

    @Test
    void shouldNameTopicCodecAndSizeWhenJsonDoesNotDecode() {
        Topic<String, Payment> topic = Topic.of("incoming_payment_received", Codec.string(), payments);
        byte[] bad = "{\"paymentId\": oops}".getBytes(StandardCharsets.UTF_8);

        CodecException e = assertThrows(CodecException.class,
                () -> topic.valueSerde().deserializer().deserialize("incoming_payment_received", bad));

        assertEquals("incoming_payment_received", e.topic());
        assertEquals("json(Payment)", e.codec());
        assertEquals(19, e.size());
        assertTrue(e.getMessage().startsWith("cannot decode value of 19 bytes from topic 'incoming_payment_received'"
                + " with codec json(Payment): not a JSON Payment: Unrecognized token 'oops'"), e.getMessage());
    }

    @Test
    void shouldRefuseEmptyInputBareNullAndTrailingGarbage() {
        Topic<String, Payment> topic = Topic.of("t", Codec.string(), payments);
        var deserializer = topic.valueSerde().deserializer();

        assertEquals("cannot decode value of 0 bytes from topic 't' with codec json(Payment): empty input is not a"
                + " JSON Payment", assertThrows(CodecException.class,
                        () -> deserializer.deserialize("t", new byte[0])).getMessage());
        assertEquals("cannot decode value of 4 bytes from topic 't' with codec json(Payment): JSON null is not a"
                + " Payment (send a record with no value for a tombstone)", assertThrows(CodecException.class,
                        () -> deserializer.deserialize("t", "null".getBytes(StandardCharsets.UTF_8))).getMessage());
        assertThrows(CodecException.class, () -> deserializer.deserialize("t",
                "{\"paymentId\":\"p\"} trailing".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRefuseNullForAPrimitiveField() {
        record Counter(int count) {
        }
        Codec<Counter> codec = Codec.json(Counter.class);

        assertThrows(IllegalArgumentException.class,
                () -> codec.decode("{\"count\":null}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldEncodeNumbersAsKafkaSerializersDo() {
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 1, 2}, Codec.int64().encode(258L));
        assertEquals(-2L, Codec.int64().decode(Codec.int64().encode(-2L)));
        assertArrayEquals(new byte[] {0, 0, 1, 2}, Codec.int32().encode(258));
        assertEquals(Integer.MIN_VALUE, Codec.int32().decode(Codec.int32().encode(Integer.MIN_VALUE)));
        assertArrayEquals(new org.apache.kafka.common.serialization.LongSerializer().serialize("t", 99L),
                Codec.int64().encode(99L));
    }

    @Test
    void shouldEncodeDecodeAndFailAlikeWhenKafkaPassesTheRecordsHeaders() {
        // Kafka Streams calls the variants with headers, which a topic's serde implements itself
        Topic<Long, Payment> topic = Topic.of("payments", Codec.int64(), payments);
        Headers headers = new RecordHeaders().add("requestId", "r-1".getBytes(StandardCharsets.UTF_8));
        Payment payment = new Payment("p-1", new BigDecimal("10.50"), Instant.parse("2026-11-22T10:15:30.120Z"),
                LocalDate.parse("2026-11-22"), Optional.empty());

        byte[] bytes = topic.valueSerde().serializer().serialize("payments", headers, payment);

        assertArrayEquals(payments.encode(payment), bytes);
        assertEquals(payment, topic.valueSerde().deserializer().deserialize("payments", headers, bytes));
        assertArrayEquals(Codec.int64().encode(7L), topic.keySerde().serializer().serialize("payments", headers, 7L));
        assertNull(topic.valueSerde().serializer().serialize("payments", headers, null));
        CodecException e = assertThrows(CodecException.class,
                () -> topic.keySerde().deserializer().deserialize("payments", headers, new byte[] {1, 2, 3}));
        assertEquals("cannot decode key of 3 bytes from topic 'payments' with codec long: a long is 8 big-endian"
                + " bytes, got 3 bytes", e.getMessage());
    }

    @Test
    void shouldSayHowManyBytesANumberNeeds() {
        Topic<Long, String> topic = Topic.of("numbers", Codec.int64(), Codec.string());

        CodecException e = assertThrows(CodecException.class,
                () -> topic.keySerde().deserializer().deserialize("numbers", new byte[] {1, 2, 3}));

        assertEquals("cannot decode key of 3 bytes from topic 'numbers' with codec long: a long is 8 big-endian bytes,"
                + " got 3 bytes", e.getMessage());
    }

    @Test
    void shouldPassRawBytesAndUtf8TextThrough() {
        byte[] raw = {(byte) 0xff, 0, 1};
        assertArrayEquals(raw, Codec.bytes().decode(Codec.bytes().encode(raw)));
        assertEquals("héllo ✓", Codec.string().decode(Codec.string().encode("héllo ✓")));
    }

    @Test
    void shouldNameTopicAndTypeWhenAValueCannotBeEncoded() {
        Topic<String, Object> topic = Topic.of("objects", Codec.string(), Codec.json(Object.class));
        Object unencodable = new Object();

        CodecException e = assertThrows(CodecException.class,
                () -> topic.valueSerde().serializer().serialize("objects", unencodable));

        assertTrue(e.getMessage().startsWith("cannot encode value of type java.lang.Object for topic 'objects' with"
                + " codec json(Object)"), e.getMessage());
        assertEquals(-1, e.size());
    }

    @Test
    void shouldSayInJsonWhatJsonAndNumberCodecsHoldWhenAskedForJson() {
        Codec<Payment> codec = Codec.json(Payment.class);
        Payment payment = new Payment("p-1", new BigDecimal("12.50"), Instant.parse("2026-11-22T10:15:30Z"),
                LocalDate.parse("2026-11-22"), Optional.empty());
        assertEquals(Optional.of(new String(codec.encode(payment), StandardCharsets.UTF_8)), codec.toJson(payment));
        assertEquals(Optional.of("42"), Codec.int64().toJson(42L));
        assertEquals(Optional.of("-7"), Codec.int32().toJson(-7));
        assertEquals(Optional.empty(), Codec.string().toJson("{\"not\":\"json\"}"), "text is not claimed to be JSON");
        assertEquals(Optional.empty(), Codec.bytes().toJson(new byte[] {1}));
    }
}
