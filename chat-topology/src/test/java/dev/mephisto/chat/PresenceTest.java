package dev.mephisto.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceTest {

    @Test
    void shouldEndAQuietSessionWhenThePresenceTimeoutPassesOnTheWallClock() {
        try (ChatFixture chat = new ChatFixture(ChatOptions.defaults().withPresenceTimeout(Duration.ofSeconds(10)))) {
            chat.join("alex", 0);
            chat.join("tim", 0);
            chat.deliveries();
            chat.advance(Duration.ofSeconds(6));
            chat.heartbeat("tim");
            chat.advance(Duration.ofSeconds(5));
            List<Delivery> got = chat.deliveries();
            assertEquals(List.of("alex USEREXITED alex 0", "tim USEREXITED alex 0"),
                    got.stream().map(ChatFixture::describe).sorted().toList(), "tim heartbeats, alex times out");
            Delivery toTim = got.stream().filter(d -> d.user().equals("tim")).findFirst().orElseThrow();
            assertEquals("timed out", toTim.reason());
            assertEquals(List.of("tim"), toTim.members());
            assertNull(chat.driver.get(chat.chat.sessions(), "alex"), "the name is free");
            assertEquals(List.of("tim"), chat.driver.get(chat.chat.rooms(), "0").memberNames(), "the seat is free");
        }
    }

    @Test
    void shouldNotEndASessionBeforeItsTimeout() {
        try (ChatFixture chat = new ChatFixture(ChatOptions.defaults().withPresenceTimeout(Duration.ofSeconds(10)))) {
            chat.join("alex", 0);
            chat.deliveries();
            chat.advance(Duration.ofSeconds(9));
            assertEquals(List.of(), chat.described());
        }
    }

    @Test
    void shouldFreeTheNameForANewSessionOnceTheOldOneTimedOut() {
        try (ChatFixture chat = new ChatFixture(ChatOptions.defaults().withPresenceTimeout(Duration.ofSeconds(10)))) {
            chat.join("alex", 0);
            chat.deliveries();
            chat.joinAs("alex", "restarted-client", 1);
            assertEquals(List.of("alex DENIED_NAMETAKEN 1"), chat.described());
            chat.advance(Duration.ofSeconds(11));
            chat.joinAs("alex", "restarted-client", 1);
            assertEquals(List.of("alex USEREXITED alex 0", "alex PENDING 1", "alex USERJOINED alex 1",
                    "alex HISTORY 1 0"), chat.described());
        }
    }

    @Test
    void shouldEndASessionOnLeaveAndTellTheRemainingMembers() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.join("tim", 0);
            chat.deliveries();
            chat.leave("alex");
            List<Delivery> got = chat.deliveries();
            assertEquals(List.of("alex USEREXITED alex 0", "tim USEREXITED alex 0"),
                    got.stream().map(ChatFixture::describe).sorted().toList());
            assertEquals("left", got.get(0).reason());
            chat.joinAs("alex", "someone-new", 0);
            assertEquals(Status.PENDING, chat.deliveries().get(0).status(), "the name is free again");
        }
    }

    @Test
    void shouldTellAHeartbeatOfAnEndedSessionThatItIsNoLongerJoined() {
        try (ChatFixture chat = new ChatFixture(ChatOptions.defaults().withPresenceTimeout(Duration.ofSeconds(10)))) {
            chat.join("alex", 0);
            chat.advance(Duration.ofSeconds(11));
            chat.deliveries();
            chat.heartbeat("alex");
            assertEquals(List.of("alex REJECTED_NOTJOINED"), chat.described());
        }
    }

    @Test
    void shouldWriteASessionsLastSeenTimeAtMostOnceASecondWhileItChats() {
        try (ChatFixture chat = new ChatFixture(ChatOptions.defaults().withPresenceTimeout(Duration.ofSeconds(30)))) {
            chat.join("alex", 0);
            long joinedAt = chat.driver.get(chat.chat.sessions(), "alex").lastSeen();
            for (int i = 0; i < 9; i++) {
                chat.advance(Duration.ofMillis(100));
                chat.say("alex", "line " + i);
            }
            assertEquals(joinedAt, chat.driver.get(chat.chat.sessions(), "alex").lastSeen(),
                    "comments within a second of the stored time write no session");
            chat.advance(Duration.ofMillis(200));
            chat.say("alex", "a second later");
            assertEquals(joinedAt + 1_100, chat.driver.get(chat.chat.sessions(), "alex").lastSeen());
        }
    }

    @Test
    void shouldKeepASessionThatChatsLessOftenThanItsTimeoutAlive() {
        try (ChatFixture chat = new ChatFixture(ChatOptions.defaults().withPresenceTimeout(Duration.ofSeconds(10)))) {
            chat.join("alex", 0);
            chat.join("tim", 0);
            for (int i = 0; i < 12; i++) {
                chat.advance(Duration.ofMillis(4_700));
                chat.say("alex", "still here " + i);
                chat.say("tim", "me too " + i);
            }
            assertEquals(List.of("alex", "tim"), chat.driver.get(chat.chat.rooms(), "0").memberNames(),
                    "56 s of chat every 4.7 s under a 10 s timeout: nobody timed out");
        }
    }
}
