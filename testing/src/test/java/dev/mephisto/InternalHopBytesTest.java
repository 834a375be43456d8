package dev.mephisto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.testing.AppTestDriver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

/**
 * A value that crosses a re-key's repartition topic unchanged is written as the bytes it arrived in
 * (no second JSON encoding); topics the app writes for others always get what the codec writes.
 */
class InternalHopBytesTest {

    record Payment(String id, String account, long cents) {
    }

    record Basket(String id, String account, List<String> items) {
    }

    /** How another producer might spell a payment: spaces, its own field order, a field the record lacks. */
    private static final String ARRIVED = "{ \"cents\" : 250, \"account\" : \"acc-1\", \"id\" : \"p-1\", \"via\" : \"pos\" }";

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static TestOutputTopic<byte[], byte[]> raw(AppTestDriver driver, String topic) {
        return driver.kafkaDriver().createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Test
    void shouldWriteAnUnchangedValueToTheRepartitionTopicAsTheBytesItArrivedIn() {
        App app = App.create("shop");
        Codec<Payment> codec = Codec.json(Payment.class);
        Topic<String, Payment> payments = app.topic("payments", Codec.string(), codec);
        Topic<String, Payment> echoed = app.topic("echoed", Codec.string(), codec);
        Topic<String, Long> totals = app.topic("totals", Codec.string(), Codec.int64());
        app.agent("echo", payments, (id, payment, ctx) -> ctx.send(echoed, id, payment)).sendsTo(echoed);
        app.agent("total", payments.rekey("by-account", (id, payment) -> payment.account(), Codec.string()),
                (account, payment, ctx) -> ctx.send(totals, account, payment.cents())).sendsTo(totals);

        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.sendBytes(payments, utf8("p-1"), utf8(ARRIVED));

            assertArrayEquals(utf8(ARRIVED), raw(driver, "shop-by-account-repartition").readValue(),
                    "the re-key hands the payment on as it came: no second encoding");
            assertEquals(List.of(250L), driver.readValues(totals), "and reads the same payment back");
            Payment payment = new Payment("p-1", "acc-1", 250);
            assertArrayEquals(codec.encode(payment), raw(driver, "echoed").readValue(),
                    "a topic for others gets what the codec writes, though the payment is unchanged");
        }
    }

    @Test
    void shouldEncodeAValueOfAMutableTypeAnewForTheRepartitionTopic() {
        App app = App.create("shop");
        Codec<Basket> codec = Codec.json(Basket.class);
        Topic<String, Basket> baskets = app.topic("baskets", Codec.string(), codec);
        Topic<String, Integer> sizes = app.topic("sizes", Codec.string(), Codec.int32());
        app.agent("size", baskets.rekey("by-account", (id, basket) -> basket.account(), Codec.string()),
                (account, basket, ctx) -> ctx.send(sizes, account, basket.items().size())).sendsTo(sizes);

        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.sendBytes(baskets, utf8("b-1"), utf8("{ \"id\": \"b-1\", \"account\": \"acc-1\", \"items\": [\"x\"] }"));

            assertArrayEquals(codec.encode(new Basket("b-1", "acc-1", List.of("x"))),
                    raw(driver, "shop-by-account-repartition").readValue(),
                    "a List could have changed since it was decoded: encoded again");
            assertEquals(List.of(1), driver.readValues(sizes));
        }
    }
}
