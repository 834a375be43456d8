package dev.mephisto.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.testing.AppTestDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Fan-out at the edge: the same chat as fan-out per member, for a fraction of the Kafka records. */
class EdgeFanOutTest {

    private static final int MEMBERS = 25;

    @Test
    void shouldWriteACommentOnceForTheWholeRoomInsteadOfOncePerMember() {
        try (ChatFixture edge = roomOf25(FanOut.EDGE); ChatFixture members = roomOf25(FanOut.MEMBERS)) {
            for (ChatFixture chat : List.of(edge, members)) {
                chat.driver.readValues(chat.chat.deliveries());
                chat.driver.readValues(chat.chat.roomEvents());
                for (int i = 0; i < 10; i++) {
                    chat.driver.send(chat.chat.requests(), "u0", ChatRequest.comment("u0", ChatFixture.session("u0"),
                            "hello " + i));
                }
            }
            List<Delivery> once = edge.driver.readValues(edge.chat.roomEvents());
            assertEquals(10, once.size(), "edge: one record per comment on " + ChatApp.ROOM_EVENTS);
            assertTrue(edge.driver.readValues(edge.chat.deliveries()).isEmpty(), "edge: nothing per member");
            once.forEach(d -> assertNull(d.user(), "a room-wide record names no recipient"));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), once.stream().map(Delivery::seq).toList());
            assertEquals(10 * MEMBERS, members.driver.readValues(members.chat.deliveries()).size(),
                    "per member: one record per comment and member on " + ChatApp.DELIVERIES);
            assertTrue(members.driver.readValues(members.chat.roomEvents()).isEmpty());
        }
    }

    @Test
    void shouldDeliverTheSameToEachSessionAsFanOutPerMember() {
        Map<String, List<String>> edge = scenario(FanOut.EDGE);
        Map<String, List<String>> members = scenario(FanOut.MEMBERS);
        assertEquals(members, edge);
        assertTrue(edge.get("zoe").contains("zoe DENIED_ROOMFULL zoe 0"), edge.toString());
        assertTrue(edge.get("alex").contains("alex 0 tim: hi alex"), edge.toString());
        assertTrue(edge.get("alex").contains("alex EVENT 0 7"), "feed events pass the edge too: " + edge);
        assertTrue(edge.get("tim").stream().noneMatch(line -> line.contains("after tim left")),
                "nothing after a member's USEREXITED: " + edge.get("tim"));
    }

    @Test
    void shouldTellAReconnectingSessionItsSeatAndHistoryOnTheRoomsPath() {
        try (ChatFixture chat = new ChatFixture(ChatOptions.defaults())) {
            chat.join("alex", 0);
            chat.say("alex", "one");
            chat.deliveries();
            chat.join("alex", 0); // the same session again, as after a gateway restart
            List<Delivery> got = chat.deliveries();
            assertEquals(List.of("alex PENDING 0", "alex USERJOINED alex 0", "alex HISTORY 0 1"), got.stream()
                    .map(ChatFixture::describe).toList());
            assertEquals(1L, got.get(2).history().get(0).seq());
        }
    }

    @Test
    void shouldTakeTheFanOutFromItsSettingAndNameTheChoicesWhenItIsWrong() {
        assertEquals(FanOut.MEMBERS, ChatOptions.FAN_OUT.parse("members", "flag --fanout"));
        assertEquals(FanOut.EDGE, ChatOptions.FAN_OUT.parse(" EDGE ", "flag --fanout"));
        assertEquals(FanOut.EDGE, ChatOptions.defaults().fanOut(), "fan-out at the edge by default");
        Exception wrong = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> ChatOptions.FAN_OUT.parse("sideways", "flag --fanout"));
        assertTrue(wrong.getMessage().contains("edge") && wrong.getMessage().contains("members"), wrong.getMessage());
    }

    private static Map<String, List<String>> scenario(FanOut fanOut) {
        try (ChatFixture chat = new ChatFixture(ChatOptions.defaults().withCapacity(2).withFanOut(fanOut))) {
            chat.join("alex", 0);
            chat.join("tim", 0);
            chat.join("zoe", 0);
            chat.say("tim", "hi alex");
            chat.say("alex", "/users");
            chat.filter("alex", "NONE", "ALL"); // NONE: no filter, every sport event passes
            chat.driver.send(chat.chat.sportEvents(), "7", new SportEvent(7, 1_007, 1, "Lorem", "goal"));
            chat.leave("tim");
            chat.say("alex", "after tim left");
            Map<String, List<String>> byUser = new TreeMap<>();
            for (Delivery d : chat.deliveries()) {
                byUser.computeIfAbsent(d.user(), k -> new ArrayList<>()).add(ChatFixture.describe(d));
            }
            return byUser;
        }
    }

    private static ChatFixture roomOf25(FanOut fanOut) {
        ChatFixture chat = new ChatFixture(ChatOptions.defaults().withCapacity(MEMBERS).withFanOut(fanOut));
        for (int i = 0; i < MEMBERS; i++) {
            chat.driver.send(chat.chat.requests(), "u" + i, ChatRequest.join("u" + i, ChatFixture.session("u" + i), 0));
        }
        return chat;
    }
}
