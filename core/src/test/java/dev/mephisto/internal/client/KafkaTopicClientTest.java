package dev.mephisto.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.ClientOptions;
import dev.mephisto.Codec;
import dev.mephisto.CodecException;
import dev.mephisto.InvalidValueException;
import dev.mephisto.Outgoing;
import dev.mephisto.ReadOptions;
import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's settings and the refusals that happen before anything reaches Kafka (no broker here). */
class KafkaTopicClientTest {

    record Order(String orderId, String customer) {
    }

    /** A value whose JSON encoding fails at one field. */
    record Broken(String name) {
        public String getTrouble() {
            throw new IllegalStateException("no trouble to show");
        }

        public Object trouble() {
            throw new IllegalStateException("no trouble to show");
        }
    }

    private final App app = App.create("shop", config -> config.withBroker("127.0.0.1:1"));
    private final Topic<String, Order> orders = app.topic(Topic.of("orders", Codec.string(), Codec.json(Order.class))
            .withValidator(order -> order.customer() == null ? "customer is required" : null)
            .withIngress(Order::orderId));

    private KafkaTopicClient client(ClientOptions options) {
        return (KafkaTopicClient) TopicClient.connect(app, options);
    }

    @Test
    void shouldProduceIdempotentlyWithAcksAllWhenNotToldOtherwise() {
        try (KafkaTopicClient client = client(ClientOptions.defaults().withTimeout(Duration.ofSeconds(7)))) {
            Map<String, Object> props = client.producerProps();

            assertEquals("all", props.get("acks"));
            assertEquals(true, props.get("enable.idempotence"));
            assertEquals("127.0.0.1:1", props.get("bootstrap.servers"), "the app's broker");
            assertEquals(7_000L, props.get("max.block.ms"));
            assertEquals(7_000, props.get("request.timeout.ms"));
            assertEquals(12_005, props.get("delivery.timeout.ms"), "timeout + linger + 5 s of retries");
            assertEquals("shop-client-producer", props.get("client.id"));
        }
    }

    @Test
    void shouldGiveEachKafkaClientOnlyTheRawSettingsItKnowsWhenGivenMixedOnes() {
        try (KafkaTopicClient client = client(ClientOptions.defaults().withBroker("kafka:9092")
                .withKafka("linger.ms", 20).withKafka("max.poll.records", 7).withKafka("mephisto.web.port", 1))) {
            Map<String, Object> producer = client.producerProps();
            Map<String, Object> reader = client.readerProps(ReadOptions.inGroup("mailer").withReadCommitted(false));

            assertEquals("kafka:9092", producer.get("bootstrap.servers"));
            assertEquals(20, producer.get("linger.ms"));
            assertFalse(producer.containsKey("max.poll.records"));
            assertFalse(producer.containsKey("mephisto.web.port"));
            assertEquals(7, reader.get("max.poll.records"));
            assertFalse(reader.containsKey("linger.ms"));
            assertEquals("mailer", reader.get("group.id"));
            assertEquals("read_uncommitted", reader.get("isolation.level"));
            assertEquals(false, reader.get("enable.auto.commit"));
            assertEquals(false, reader.get("allow.auto.create.topics"));
        }
    }

    @Test
    void shouldReadCommittedOnlyWhenNotToldOtherwise() {
        try (KafkaTopicClient client = client(ClientOptions.defaults())) {
            assertEquals("read_committed", client.readerProps(ReadOptions.fromBeginning()).get("isolation.level"));
        }
    }

    @Test
    void shouldNameTheTopicAndTheDeclaredOnesWhenTheAppDoesNotDeclareIt() {
        Topic<String, String> stray = Topic.of("ordrs", Codec.string(), Codec.string());
        try (TopicClient client = client(ClientOptions.defaults())) {
            IllegalArgumentException sent = assertThrows(IllegalArgumentException.class,
                    () -> client.send(stray, "k", "v"));
            IllegalArgumentException read = assertThrows(IllegalArgumentException.class,
                    () -> client.read(stray, ReadOptions.fromBeginning()));

            assertEquals("app 'shop' declares no topic 'ordrs', so this client does not send to it; declare it with"
                    + " app.topic(...) or use one of [orders]", sent.getMessage());
            assertTrue(read.getMessage().startsWith("app 'shop' declares no topic 'ordrs', so this client does not"
                    + " read it"), read.getMessage());
        }
    }

    @Test
    void shouldRefuseAValueTheValidatorRefusesBeforeSendingAnything() {
        try (TopicClient client = client(ClientOptions.defaults())) {
            InvalidValueException refused = assertThrows(InvalidValueException.class,
                    () -> client.send(orders, new Order("o-1", null)));

            assertEquals("the value fails the check of topic 'orders': customer is required", refused.getMessage());
            assertEquals("orders", refused.topic());
        }
    }

    @Test
    void shouldNameTopicAndFieldWhenTheCodecCannotEncodeTheValue() {
        App other = App.create("broken", config -> config.withBroker("127.0.0.1:1"));
        Topic<String, Broken> broken = other.topic("broken", Codec.string(), Codec.json(Broken.class));
        try (TopicClient client = TopicClient.connect(other)) {
            CodecException refused = assertThrows(CodecException.class, () -> client.send(broken, "k", new Broken("x")));

            assertEquals("broken", refused.topic());
            assertTrue(refused.getMessage().contains("topic 'broken'"), refused.getMessage());
            assertTrue(refused.getMessage().contains("field trouble"), refused.getMessage());
        }
    }

    @Test
    void shouldKeyAValueByTheTopicsExtractorWhenNoKeyIsGiven() {
        Order order = new Order("o-7", "ada");

        assertEquals("o-7", Outgoing.to(orders, order).key().orElseThrow());
        assertTrue(Outgoing.to(orders, null, order).key().isEmpty(), "an explicit null key stays null");
    }

    @Test
    void shouldRefuseAKeylessPartitionLookup() {
        try (TopicClient client = client(ClientOptions.defaults())) {
            assertThrows(IllegalArgumentException.class, () -> client.partitionOf(orders, null));
        }
    }
}
