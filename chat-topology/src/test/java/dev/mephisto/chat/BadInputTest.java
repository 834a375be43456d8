package dev.mephisto.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
            assertEquals(DeadLetter.Kind.DECODE, letters.get(0).kind());
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
            assertEquals(DeadLetter.Kind.REJECTED, letters.get(0).kind());
            assertTrue(letters.get(0).message().contains("has no user"), letters.get(0).message());
        }
    }

    @Test
    void shouldDeadLetterATombstoneOnChatRequestsWithItsKeyAndTheReasonAndKeepServing() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.deliveries();
            chat.driver.sendBytes(chat.chat.requests(), "alex".getBytes(StandardCharsets.UTF_8), null);
            List<DeadLetter> letters = chat.driver.deadLetters();
            assertEquals(1, letters.size(), "a tombstone does not vanish");
            DeadLetter letter = letters.get(0);
            assertEquals(DeadLetter.Kind.REJECTED, letter.kind());
            assertEquals("sessions", letter.agent());
            assertEquals("a record with no value (a tombstone) on chat-requests, key 'alex': a chat request is a JSON"
                    + " object, and chat-requests takes no deletes", letter.message());
            assertEquals("alex", letter.keyText(), "the original key, kept through the re-key by user");
            assertNull(letter.value());
            assertTrue(chat.deliveries().isEmpty(), "nobody is told, and alex's session is not touched");

            chat.say("alex", "still here");
            assertEquals(List.of("alex 0 alex: still here"), chat.described());
        }
    }

    @Test
    void shouldDeadLetterATombstoneOnEachFeedWithTheReasonAndRouteTheNextEvent() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.deliveries();
            chat.driver.sendBytes(chat.chat.sportEvents(), "e1".getBytes(StandardCharsets.UTF_8), null);
            chat.driver.sendBytes(chat.chat.executions(), "x1".getBytes(StandardCharsets.UTF_8), null);
            List<DeadLetter> letters = chat.driver.deadLetters();
            assertEquals(2, letters.size(), "a tombstone does not vanish");
            assertEquals(List.of(ChatApp.SPORT_EVENTS, ChatApp.EXECUTIONS),
                    letters.stream().map(DeadLetter::topic).toList());
            assertEquals(List.of("route-sport-events", "route-executions"),
                    letters.stream().map(DeadLetter::agent).toList());
            assertEquals(List.of("e1", "x1"), letters.stream().map(DeadLetter::keyText).toList());
            assertEquals("a record with no value (a tombstone) on feed-sport-events, key 'e1': a sport event is a JSON"
                    + " object, and feed-sport-events takes no deletes", letters.get(0).message());
            assertEquals("a record with no value (a tombstone) on feed-executions, key 'x1': an execution is a JSON"
                    + " object, and feed-executions takes no deletes", letters.get(1).message());
            // the kind core gives anything a DSL block throws; agents' rejections are "rejected"
            assertEquals(DeadLetter.Kind.AGENT_FAILED, letters.get(0).kind());

            chat.driver.send(chat.chat.sportEvents(), "e2", new SportEvent(2, 1, 1, "Lorem", "goal"));
            assertEquals(List.of("alex EVENT 0 2"), chat.described());
        }
    }

    @Test
    void shouldDeadLetterATombstoneOnTheInternalTopicsToo() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.driver.sendBytes(chat.chat.roomCommands, "3".getBytes(StandardCharsets.UTF_8), null);
            chat.driver.sendBytes(chat.chat.nameReleases, "alex".getBytes(StandardCharsets.UTF_8), null);
            List<DeadLetter> letters = chat.driver.deadLetters();
            assertEquals(List.of("rooms: a record with no value (a tombstone) on chat-room-commands, key '3': a room"
                    + " command is a JSON object, and chat-room-commands takes no deletes",
                    "name-releases: a record with no value (a tombstone) on chat-name-releases, key 'alex': a name"
                    + " release is a JSON object, and chat-name-releases takes no deletes"),
                    letters.stream().map(l -> l.agent() + ": " + l.message()).toList());
            assertTrue(letters.stream().allMatch(l -> l.kind().equals(DeadLetter.Kind.REJECTED)));
        }
    }
}
