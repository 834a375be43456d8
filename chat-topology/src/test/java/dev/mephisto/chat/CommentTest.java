package dev.mephisto.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommentTest {

    @Test
    void shouldDeliverACommentToEveryMemberSenderIncludedInTheOrderTheRoomReceivedThem() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 2);
            chat.join("tim", 2);
            chat.deliveries();
            chat.say("alex", "hello");
            chat.say("tim", "hi alex");
            chat.say("alex", "how are you?");
            Map<String, List<Delivery>> got = chat.byUser();
            List<String> expected = List.of("2 alex: hello", "2 tim: hi alex", "2 alex: how are you?");
            for (String user : List.of("alex", "tim")) {
                assertEquals(expected, got.get(user).stream()
                        .map(d -> d.room() + " " + d.from() + ": " + d.text()).toList(), user);
            }
        }
    }

    @Test
    void shouldNeverDeliverACommentToAnotherRoom() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.join("tim", 0);
            chat.join("zoe", 1);
            chat.deliveries();
            chat.say("alex", "room zero only");
            chat.say("zoe", "room one only");
            Map<String, List<Delivery>> got = chat.byUser();
            assertEquals(List.of("room zero only"), got.get("tim").stream().map(Delivery::text).toList());
            assertEquals(List.of("room one only"), got.get("zoe").stream().map(Delivery::text).toList());
        }
    }

    @Test
    void shouldRejectACommentOrAFilterFromASessionThatHasNotJoined() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.deliveries();
            chat.say("tim", "am I in?");
            chat.filter("tim", "NONE", "ALL");
            chat.send(ChatRequest.comment("alex", "not-alex's-session", "sneaky"));
            List<Delivery> got = chat.deliveries();
            assertEquals(List.of("tim REJECTED_NOTJOINED", "tim REJECTED_NOTJOINED", "alex REJECTED_NOTJOINED"),
                    got.stream().map(ChatFixture::describe).toList(), "nothing reaches the room");
            assertTrue(got.get(0).reason().startsWith("a COMMENT needs a joined session: send JOIN first"),
                    got.get(0).reason());
            assertEquals("not-alex's-session", got.get(2).session());
        }
    }

    @Test
    void shouldRejectACommentLongerThanTheLimit() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.deliveries();
            chat.say("alex", "x".repeat(ChatApp.MAX_COMMENT_LENGTH + 1));
            List<Delivery> got = chat.deliveries();
            assertEquals(Status.REJECTED_BADREQUEST, got.get(0).status());
            assertEquals("the comment is 2001 characters long; the limit is 2000", got.get(0).reason());
        }
    }

    @Test
    void shouldEchoTheRequestIdAndClientTimestampOnEveryDeliveryOfAComment() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.join("tim", 0);
            chat.deliveries();
            chat.driver.send(chat.chat.requests(), "alex",
                    ChatRequest.comment("alex", ChatFixture.session("alex"), "tracked").withRequestId("r-42").withTs(1234L));
            List<Delivery> got = chat.deliveries();
            assertEquals(2, got.size());
            got.forEach(d -> {
                assertEquals("r-42", d.requestId());
                assertEquals(1234L, d.requestTs());
            });
        }
    }

    @Test
    void shouldHandARequestKeyedByAnythingToItsUsersStage() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.sendKeyed(null, ChatRequest.join("alex", "s", 0));
            chat.sendKeyed("not-alex", ChatRequest.join("alex", "other", 0));
            assertEquals(List.of("alex PENDING 0", "alex USERJOINED alex 0", "alex HISTORY 0 0",
                    "alex DENIED_NAMETAKEN 0"), chat.described());
        }
    }
}
