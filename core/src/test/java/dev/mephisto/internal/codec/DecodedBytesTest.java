package dev.mephisto.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mephisto.Codec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An internal hop writes a value decoded unchanged as the bytes it came in, and encodes anything
 * else (another object, a changed copy, a value that could change, a user-visible topic) anew.
 */
class DecodedBytesTest {

    enum Kind { CARD, TRANSFER }

    enum Labelled {
        A("a");

        private final String label;

        Labelled(String label) {
            this.label = label;
        }
    }

    enum Counting {
        A;

        private int seen; // mutable state in a constant
    }

    record Payment(String id, BigDecimal amount, Instant at, Kind kind, Money fee) {
    }

    record WithNote(Optional<String> note, Optional<Money> fee) {
    }

    record Money(BigDecimal amount, String currency) {
    }

    record Basket(String id, List<String> items) {
    }

    record WithLabel(Labelled label) {
    }

    record WithCounting(Counting counting) {
    }

    record Boxed<T>(T value) {
    }

    record Nested(String id, Optional<Nested> parent) {
    }

    static final class Pojo {
        public String id;
    }

    /** Another copy of the same payment would spell it this way: spaces, another field order, a field the record lacks. */
    private static final byte[] ARRIVED = ("{ \"amount\": 12.50, \"id\": \"p-1\", \"at\": \"2026-01-01T00:00:00Z\","
            + " \"kind\": \"CARD\", \"fee\": {\"amount\": 0.10, \"currency\": \"EUR\"}, \"unknown\": 7 }")
            .getBytes(StandardCharsets.UTF_8);

    private final Codec<Payment> codec = Codec.json(Payment.class);
    private final CodecSerde<Payment> topic = new CodecSerde<>(codec, "value");
    private final CodecSerde<Payment> hop = CodecSerde.internalHop(codec, "value");

    @Test
    void shouldWriteTheBytesAValueArrivedInWhenAnInternalHopHandsItOnUnchanged() {
        Payment payment = topic.deserialize("payments", ARRIVED);

        assertTrue(hop.reusesDecodedBytes());
        assertSame(ARRIVED, hop.serialize("app-by-account-repartition", payment));
        assertEquals(payment, hop.deserialize("app-by-account-repartition", ARRIVED), "the hop reads the same value");
    }

    @Test
    void shouldRememberWhatTheInternalHopsOwnDeserializerDecodedToo() {
        Payment payment = hop.deserialize("app-by-account-repartition", ARRIVED);

        assertSame(ARRIVED, hop.serialize("join-left", payment));
    }

    @Test
    void shouldEncodeAChangedCopyAnew() {
        Payment payment = topic.deserialize("payments", ARRIVED);
        Payment changed = new Payment(payment.id(), new BigDecimal("99.00"), payment.at(), payment.kind(),
                payment.fee());

        byte[] bytes = hop.serialize("app-by-account-repartition", changed);

        assertArrayEquals(codec.encode(changed), bytes);
        assertEquals(new BigDecimal("99.00"), codec.decode(bytes).amount());
    }

    @Test
    void shouldEncodeAnEqualValueThatIsAnotherObjectAnew() {
        Payment payment = topic.deserialize("payments", ARRIVED);
        Payment equal = codec.decode(codec.encode(payment));

        assertEquals(payment, equal);
        assertArrayEquals(codec.encode(payment), hop.serialize("app-by-account-repartition", equal));
    }

    @Test
    void shouldWriteWhatTheCodecWritesToATopicEvenForAValueDecodedUnchanged() {
        Payment payment = topic.deserialize("payments", ARRIVED);

        assertFalse(topic.reusesDecodedBytes());
        assertArrayEquals(codec.encode(payment), topic.serialize("payments-out", payment));
    }

    @Test
    void shouldEncodeAValueDecodedByAnotherCodecOfTheSameTypeAnew() {
        Payment payment = topic.deserialize("payments", ARRIVED);

        byte[] bytes = CodecSerde.internalHop(Codec.json(Payment.class), "value").serialize("elsewhere", payment);

        assertArrayEquals(codec.encode(payment), bytes);
    }

    @Test
    void shouldEncodeValuesThatCouldChangeAnew() {
        byte[] basket = "{ \"id\": \"b\", \"items\": [\"x\"] }".getBytes(StandardCharsets.UTF_8);
        Codec<Basket> baskets = Codec.json(Basket.class);
        Basket decoded = new CodecSerde<>(baskets, "value").deserialize("baskets", basket);
        decoded.items().add("y"); // Jackson gives a mutable list: the bytes no longer say what the value is

        CodecSerde<Basket> basketHop = CodecSerde.internalHop(baskets, "value");
        assertFalse(basketHop.reusesDecodedBytes());
        assertEquals(List.of("x", "y"), baskets.decode(basketHop.serialize("hop", decoded)).items());
    }

    @Test
    void shouldNeverReuseBytesForACodecWithTheUsersOwnMapper() {
        Codec<Payment> own = Codec.json(Payment.class, JsonCodec.defaultMapper().copy());
        Payment payment = new CodecSerde<>(own, "value").deserialize("payments", ARRIVED);

        assertFalse(CodecSerde.internalHop(own, "value").reusesDecodedBytes());
        assertNotSame(ARRIVED, CodecSerde.internalHop(own, "value").serialize("hop", payment));
        assertFalse(CodecSerde.internalHop(Codec.json(Pojo.class, new ObjectMapper()), "value").reusesDecodedBytes());
    }

    @Test
    void shouldRememberOnlyRecordsOfImmutableValues() {
        assertTrue(DecodedBytes.canRemember(Payment.class));
        assertTrue(DecodedBytes.canRemember(Money.class));
        assertTrue(DecodedBytes.canRemember(WithNote.class), "Optionals of immutable values");
        assertTrue(DecodedBytes.canRemember(WithLabel.class), "an enum whose fields are final values");
        assertTrue(DecodedBytes.canRemember(Nested.class), "a record that nests itself through Optional");

        assertFalse(DecodedBytes.canRemember(Basket.class), "a List component");
        assertFalse(DecodedBytes.canRemember(WithCounting.class), "an enum constant with a mutable field");
        assertFalse(DecodedBytes.canRemember(Boxed.class), "a type variable");
        assertFalse(DecodedBytes.canRemember(Pojo.class), "not a record");
        assertFalse(DecodedBytes.canRemember(String.class), "not a record");
        record WithMap(Map<String, String> tags) {
        }
        record WithArray(byte[] raw) {
        }
        record WithObject(Object any) {
        }
        assertFalse(DecodedBytes.canRemember(WithMap.class));
        assertFalse(DecodedBytes.canRemember(WithArray.class));
        assertFalse(DecodedBytes.canRemember(WithObject.class));
    }

    @Test
    void shouldNotKeepValuesLargerThanTheLimit() {
        String big = "x".repeat(DecodedBytes.MAX_BYTES);
        byte[] arrived = ("{ \"id\": \"" + big + "\", \"amount\": 1 }").getBytes(StandardCharsets.UTF_8);
        Payment payment = topic.deserialize("payments", arrived);

        assertNotSame(arrived, hop.serialize("hop", payment));
        assertEquals(payment, codec.decode(hop.serialize("hop", payment)));
    }

    @Test
    void shouldGiveEveryValueItsOwnBytesWhenManyThreadsDecodeAndEncodeAtOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    int reused = 0;
                    for (int i = 0; i < 20_000; i++) {
                        byte[] arrived = ("{\"id\": \"p-" + thread + "-" + i + "\", \"amount\": " + i + "}")
                                .getBytes(StandardCharsets.UTF_8);
                        Payment payment = topic.deserialize("payments", arrived);
                        byte[] written = hop.serialize("hop", payment);
                        assertEquals(payment, codec.decode(written), "thread " + thread + " record " + i);
                        reused += written == arrived ? 1 : 0;
                    }
                    return reused;
                }));
            }
            int reused = 0;
            for (Future<Integer> result : results) {
                reused += result.get(60, TimeUnit.SECONDS);
            }
            assertTrue(reused > 0, "most values pass unchanged and reuse their bytes");
        } finally {
            threads.shutdownNow();
        }
    }
}
