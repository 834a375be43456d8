package dev.mephisto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.testing.AppTestDriver;
import dev.mephisto.testing.OutputRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Bad input goes to the dead-letter topic with its coordinates, and processing carries on. */
class DeadLetterTest {

    record Order(String id, int quantity) {
    }

    private final App app = App.create("orders");
    private final Topic<String, Order> orders = app.topic("orders", Codec.string(), Codec.json(Order.class));
    private final Topic<String, Order> accepted = app.topic("accepted", Codec.string(), Codec.json(Order.class));
    private final Topic<String, Object> audit = app.topic("audit", Codec.string(), Codec.json(Object.class));
    private final List<String> seenInMdc = new ArrayList<>();

    DeadLetterTest() {
        app.agent("accept", orders, (key, order, ctx) -> {
            seenInMdc.add(MDC.get("requestId") + "/" + MDC.get("agent") + "/" + ctx.requestId());
            if (order.quantity() == 0) {
                throw ctx.reject("quantity must be at least 1, got 0");
            }
            if (order.quantity() < 0) {
                throw new IllegalStateException("negative stock for " + order.id());
            }
            if (order.quantity() == 99) {
                ctx.send(audit, key, new Object()); // cannot be written as JSON
                return;
            }
            ctx.send(accepted, key, order);
        }).sendsTo(accepted, audit);
    }

    @Test
    void shouldSendARecordThatDoesNotDecodeToTheDeadLetterTopicAndCarryOn() {
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.sendBytes(orders, "k1".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8));
            driver.send(orders, "k2", new Order("o-2", 1));

            List<DeadLetter> letters = driver.deadLetters();
            assertEquals(1, letters.size());
            DeadLetter letter = letters.get(0);
            assertEquals(DeadLetter.Kind.DECODE, letter.kind());
            assertEquals("orders", letter.topic());
            assertEquals(0, letter.partition());
            assertEquals(0, letter.offset());
            assertNull(letter.agent());
            assertEquals("dev.mephisto.CodecException", letter.error());
            assertTrue(letter.message().startsWith("cannot decode value of 9 bytes from topic 'orders' with codec"
                    + " json(Order)"), letter.message());
            assertEquals("{not json", letter.valueText());
            assertEquals("k1", letter.keyText());
            assertNotNull(letter.failedAt());
            assertEquals(List.of(new Order("o-2", 1)), driver.readValues(accepted));
        }
    }

    @Test
    void shouldSendARejectedRecordWithItsReasonAndNoStackTrace() {
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(orders, "k1", new Order("o-1", 0), AppTestDriver.DEFAULT_START, Map.of("requestId", "r-42"));
            driver.send(orders, "k2", new Order("o-2", 2));

            DeadLetter letter = driver.deadLetters().get(0);
            assertEquals(DeadLetter.Kind.REJECTED, letter.kind());
            assertEquals("rejected", letter.error());
            assertEquals("quantity must be at least 1, got 0", letter.message());
            assertEquals("accept", letter.agent());
            assertEquals("r-42", letter.requestId());
            assertNull(letter.headers().get(DeadLetter.HEADER_STACKTRACE));
            assertEquals("{\"id\":\"o-1\",\"quantity\":0}", letter.valueText());
            assertEquals(1, driver.readValues(accepted).size());
        }
    }

    @Test
    void shouldSendARecordWhoseAgentThrowsWithTheStackTrace() {
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(orders, "k1", new Order("o-1", 1));
            driver.send(orders, "k2", new Order("o-2", -5));
            driver.send(orders, "k3", new Order("o-3", 3));

            DeadLetter letter = driver.deadLetters().get(0);
            assertEquals(DeadLetter.Kind.AGENT_FAILED, letter.kind());
            assertEquals("java.lang.IllegalStateException", letter.error());
            assertEquals("negative stock for o-2", letter.message());
            assertEquals(1, letter.offset());
            assertTrue(letter.headers().get(DeadLetter.HEADER_STACKTRACE).contains("DeadLetterTest"));
            assertEquals(List.of("o-1", "o-3"), driver.readValues(accepted).stream().map(Order::id).toList());
        }
    }

    @Test
    void shouldSendTheSourceRecordWhenWhatTheAgentSentCannotBeEncoded() {
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(orders, "k1", new Order("o-1", 99));
            driver.send(orders, "k2", new Order("o-2", 1));

            DeadLetter letter = driver.deadLetters().get(0);
            assertEquals(DeadLetter.Kind.SEND_FAILED, letter.kind());
            assertEquals("audit", letter.headers().get(DeadLetter.HEADER_TARGET_TOPIC));
            assertEquals("accept", letter.agent());
            assertEquals("{\"id\":\"o-1\",\"quantity\":99}", letter.valueText());
            assertEquals(1, driver.readValues(accepted).size());
        }
    }

    @Test
    void shouldCreateARequestIdAtTheFirstAgentAndCarryItOnAndIntoTheLogContext() {
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(orders, "k1", new Order("o-1", 1));
            driver.send(orders, "k2", new Order("o-2", 1), AppTestDriver.DEFAULT_START, Map.of("requestId", "given"));

            List<OutputRecord<String, Order>> out = driver.read(accepted);
            String created = out.get(0).headers().get(AgentContext.REQUEST_ID_HEADER);
            assertTrue(created.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), created);
            assertEquals("given", out.get(1).headers().get(AgentContext.REQUEST_ID_HEADER));
            assertEquals(List.of(created + "/accept/" + created, "given/accept/given"), seenInMdc);
            assertNull(MDC.get("requestId"), "the log context is cleared after each record");
        }
    }

    @Test
    void shouldNameTheDeadLetterTopicAfterTheApplicationIdUnlessConfigured() {
        assertEquals("orders.dlq", app.deadLetterTopic());
        assertEquals("orders-v2.dlq", App.create("orders", config -> config.withVersion(2)).deadLetterTopic());
        assertEquals("bad-orders", App.create("orders", config -> config.withDeadLetterTopic("bad-orders"))
                .deadLetterTopic());
    }

    @Test
    void shouldReadEachKindFromItsHeaderAndWriteItBack() {
        for (DeadLetter.Kind kind : List.of(DeadLetter.Kind.DECODE, DeadLetter.Kind.REJECTED,
                DeadLetter.Kind.AGENT_FAILED, DeadLetter.Kind.SEND_FAILED)) {
            assertEquals(kind, DeadLetter.Kind.fromHeader(kind.headerValue()));
        }
        assertEquals(List.of("decode", "rejected", "agent-failed", "send-failed"),
                List.of(DeadLetter.Kind.DECODE.headerValue(), DeadLetter.Kind.REJECTED.headerValue(),
                        DeadLetter.Kind.AGENT_FAILED.headerValue(), DeadLetter.Kind.SEND_FAILED.headerValue()));
    }

    @Test
    void shouldReadAnUnknownOrMissingKindAsUnknownKeepingTheHeaderText() {
        DeadLetter newer = DeadLetter.of(null, "v".getBytes(StandardCharsets.UTF_8),
                Map.of(DeadLetter.HEADER_KIND, "timeout", DeadLetter.HEADER_TOPIC, "orders"));
        DeadLetter bare = DeadLetter.of(null, null, Map.of());

        assertEquals(DeadLetter.Kind.UNKNOWN, newer.kind());
        assertEquals("timeout", newer.headers().get(DeadLetter.HEADER_KIND));
        assertEquals(DeadLetter.Kind.UNKNOWN, bare.kind());
        assertEquals(DeadLetter.Kind.UNKNOWN, DeadLetter.Kind.fromHeader("DECODE"), "header values are lower-case");
        assertEquals(DeadLetter.Kind.UNKNOWN, DeadLetter.Kind.fromHeader("unknown"));
    }
}
