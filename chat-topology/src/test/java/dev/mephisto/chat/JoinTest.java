package dev.mephisto.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class JoinTest {

    @Test
    void shouldSendPendingThenUserJoinedThenHistoryToTheJoiner() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 3);
            List<Delivery> got = chat.deliveries();
            assertEquals(List.of("alex PENDING 3", "alex USERJOINED alex 3", "alex HISTORY 3 0"),
                    got.stream().map(ChatFixture::describe).toList());
            Delivery joined = got.get(1);
            assertEquals(List.of("alex"), joined.members());
            assertEquals(25, joined.capacity());
            assertEquals("NONE", joined.sportFilter());
            assertEquals("NONE", joined.executionFilter());
            assertEquals(ChatFixture.session("alex"), joined.session());
        }
    }

    @Test
    void shouldTellEveryMemberIncludingTheJoinerWhenSomeoneJoins() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 1);
            chat.deliveries();
            chat.join("tim", 1);
            assertEquals(List.of("tim PENDING 1", "alex USERJOINED tim 1", "tim USERJOINED tim 1", "tim HISTORY 1 0"),
                    chat.described());
        }
    }

    @Test
    void shouldDenyABadRoomIdBeforeLookingAtTheName() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.deliveries();
            chat.joinAs("alex", "intruder", 5);
            chat.joinAs("bob", "b", -1);
            List<Delivery> got = chat.deliveries();
            assertEquals(List.of("alex DENIED_BADROOMID 5", "bob DENIED_BADROOMID -1"),
                    got.stream().map(ChatFixture::describe).toList());
            assertEquals("intruder", got.get(0).session());
            assertEquals("room 5 does not exist: rooms are 0 to 4", got.get(0).reason());
        }
    }

    @Test
    void shouldSayAJoinNeedsARoomWhenItNamesNone() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.send(new ChatRequest(RequestType.JOIN, "alex", "s-1", null, null, null, null, 1L, null));
            List<Delivery> got = chat.deliveries();
            assertEquals(List.of("alex DENIED_BADROOMID"), got.stream().map(ChatFixture::describe).toList());
            assertEquals("JOIN needs a room: add \"room\" with a number from 0 to 4", got.get(0).reason());
        }
    }

    @Test
    void shouldDenyATakenNameBeforeLookingAtTheRoomsSeats() {
        try (ChatFixture chat = new ChatFixture(ChatOptions.defaults().withCapacity(1))) {
            chat.join("alex", 2);
            chat.deliveries();
            chat.joinAs("alex", "intruder", 2);  // room 2 is full too, but the name is checked first
            List<Delivery> got = chat.deliveries();
            assertEquals(List.of("alex DENIED_NAMETAKEN 2"), got.stream().map(ChatFixture::describe).toList());
            assertEquals("intruder", got.get(0).session(), "the denial goes to the requester's session only");
            assertTrue(got.get(0).reason().contains("in use by another session"), got.get(0).reason());
        }
    }

    @Test
    void shouldDenyAFullRoomAndFreeTheNameForAnotherRoom() {
        try (ChatFixture chat = new ChatFixture(ChatOptions.defaults().withCapacity(2))) {
            chat.join("alex", 0);
            chat.join("tim", 0);
            chat.deliveries();
            chat.join("zoe", 0);
            List<Delivery> got = chat.deliveries();
            assertEquals(List.of("zoe PENDING 0", "zoe DENIED_ROOMFULL zoe 0"),
                    got.stream().map(ChatFixture::describe).toList());
            assertEquals("room 0 is full (2 of 2 seats): try another room, or later", got.get(1).reason());

            chat.joinAs("zoe", "another-session", 1);
            assertEquals(List.of("zoe PENDING 1", "zoe USERJOINED zoe 1", "zoe HISTORY 1 0"), chat.described(),
                    "a full room gives the claimed name back");
        }
    }

    @Test
    void shouldKeepANameUniqueAcrossRoomsOnDifferentPartitions() {
        int partitions = ChatOptions.defaults().partitions();
        assertNotEquals(partition("0", partitions), partition("1", partitions),
                "rooms 0 and 1 must live on different partitions for this test to mean anything");
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.deliveries();
            chat.joinAs("alex", "somebody-else", 1);
            chat.joinAs("Alex", "a-different-name", 1);
            assertEquals(List.of("alex DENIED_NAMETAKEN 1", "Alex PENDING 1", "Alex USERJOINED Alex 1",
                    "Alex HISTORY 1 0"), chat.described(), "names are global and case-sensitive");
        }
    }

    @Test
    void shouldMoveASessionOnASecondJoinWithoutLeakingItsSeat() {
        try (ChatFixture chat = new ChatFixture(ChatOptions.defaults().withCapacity(1))) {
            chat.join("alex", 0);
            chat.deliveries();
            chat.join("alex", 1);
            // rooms 0 and 1 answer independently, so only the set is certain, not the interleaving
            assertEquals(List.of("alex HISTORY 1 0", "alex PENDING 1", "alex USEREXITED alex 0",
                    "alex USERJOINED alex 1"), chat.described().stream().sorted().toList());
            chat.join("tim", 0);
            assertEquals(List.of("tim PENDING 0", "tim USERJOINED tim 0", "tim HISTORY 0 0"), chat.described(),
                    "the seat in room 0 is free again");
            assertEquals(List.of("tim"), chat.driver.get(chat.chat.rooms(), "0").memberNames());
            assertEquals(List.of("alex"), chat.driver.get(chat.chat.rooms(), "1").memberNames());
        }
    }

    @Test
    void shouldAnswerARepeatedJoinToTheSameRoomToTheJoinerOnly() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 4);
            chat.join("tim", 4);
            chat.deliveries();
            chat.join("tim", 4);
            assertEquals(List.of("tim PENDING 4", "tim USERJOINED tim 4", "tim HISTORY 4 0"), chat.described());
            assertEquals(List.of("alex", "tim"), chat.driver.get(chat.chat.rooms(), "4").memberNames());
        }
    }

    @Test
    void shouldRejectARequestWithoutASession() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.send(new ChatRequest(RequestType.JOIN, "alex", null, 1, null, null, null, 1L, "r-1"));
            List<Delivery> got = chat.deliveries();
            assertEquals(Status.REJECTED_BADREQUEST, got.get(0).status());
            assertEquals("r-1", got.get(0).requestId());
            assertTrue(got.get(0).reason().contains("no \"session\""), got.get(0).reason());
        }
    }

    private static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }
}
