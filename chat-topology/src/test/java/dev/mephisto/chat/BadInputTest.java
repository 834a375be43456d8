package dev.mephisto.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;

class BadInputTest {

    @Test
    void shouldDeadLetterMalformedJsonAndKeepServing() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            TestInputTopic<byte[], byte[]> raw = chat.driver.kafkaDriver().createInputTopic(ChatApp.REQUESTS,
                    new ByteArraySerializer(), new ByteArraySerializer());
            raw.pipeInput("alex".getBytes(StandardCharsets.UTF_8),
                    "{\"type\":\"JOIN\",\"user\":\"alex\"".getBytes(StandardCharsets.UTF_8));
            List<DeadLetter> letters = chat.driver.deadLetters();
            assertEquals(1, letters.size());
            assertEquals(DeadLetter.DECODE, letters.get(0).kind());
            assertEquals(ChatApp.REQUESTS, letters.get(0).topic());

            chat.join("alex", 0);
            assertEquals(Status.PENDING, chat.deliveries().get(0).status(), "the worker goes on");
        }
    }

    @Test
    void shouldDeadLetterARequestWithoutAUserWithTheReason() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.driver.send(chat.chat.requests(), "someone",
                    new ChatRequest(RequestType.COMMENT, null, "s", null, "hi", null, null, 1L, null));
            assertTrue(chat.deliveries().isEmpty(), "there is no one to answer");
            List<DeadLetter> letters = chat.driver.deadLetters();
            assertEquals(1, letters.size());
            assertEquals(DeadLetter.REJECTED, letters.get(0).kind());
            assertTrue(letters.get(0).message().contains("has no user"), letters.get(0).message());
        }
    }
}
