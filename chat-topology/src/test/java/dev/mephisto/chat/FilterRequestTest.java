package dev.mephisto.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterRequestTest {

    private static ChatFixture roomOf(String... users) {
        ChatFixture chat = ChatFixture.defaults();
        for (String user : users) {
            chat.join(user, 2);
        }
        chat.join("outsider", 3);
        chat.deliveries();
        return chat;
    }

    @Test
    void shouldApplyTwoValidFiltersAndTellTheWholeRoom() {
        try (ChatFixture chat = roomOf("alex", "tim")) {
            chat.filter("alex", "sport IN (1, 2)", "market = 'NASCAR'");
            List<Delivery> got = chat.deliveries();
            assertEquals(List.of("alex FILTERAPPLIED alex 2", "tim FILTERAPPLIED alex 2"),
                    got.stream().map(ChatFixture::describe).toList(), "the other room hears nothing");
            for (Delivery d : got) {
                assertEquals("sport IN (1, 2)", d.sportFilter());
                assertEquals("market = 'NASCAR'", d.executionFilter());
            }
            RoomState room = chat.driver.get(chat.chat.rooms(), "2");
            assertEquals("sport IN (1, 2)", room.sportFilter());
        }
    }

    @Test
    void shouldKeepAFilterGivenAsSameOrLeftOut() {
        try (ChatFixture chat = roomOf("alex")) {
            chat.filter("alex", "sport = 1", "ALL");
            chat.filter("alex", "SAME", "NONE");
            chat.filter("alex", null, "price > 10");
            List<Delivery> got = chat.deliveries();
            assertEquals(List.of("sport = 1 | ALL", "sport = 1 | NONE", "sport = 1 | price > 10"),
                    got.stream().map(d -> d.sportFilter() + " | " + d.executionFilter()).toList());
        }
    }

    @Test
    void shouldRejectABadFilterToTheRequesterOnlyWithTheReasonAndTheUnchangedFilters() {
        try (ChatFixture chat = roomOf("alex", "tim")) {
            chat.filter("alex", "sport = 1", "NONE");
            chat.deliveries();
            chat.filter("tim", "sport IN (2)", "price = 'cheap'");
            List<Delivery> got = chat.deliveries();
            assertEquals(1, got.size(), "only the requester hears of it");
            Delivery rejected = got.get(0);
            assertEquals("tim", rejected.user());
            assertEquals(Status.REJECTED_BADFILTER, rejected.status());
            assertEquals("execution filter: cannot compare field price (a number) with the text 'cheap' at position 7:"
                    + " both sides must be numbers or both texts (texts are in 'single quotes') (the room's filters"
                    + " are unchanged)", rejected.reason());
            assertEquals("sport = 1", rejected.sportFilter(), "the valid half is not applied either");
            assertEquals("NONE", rejected.executionFilter());
            assertEquals("sport = 1", chat.driver.get(chat.chat.rooms(), "2").sportFilter());
        }
    }

    @Test
    void shouldNameBothProblemsWhenBothFiltersAreBad() {
        try (ChatFixture chat = roomOf("alex")) {
            chat.filter("alex", "sport == 1", "colour = 'red'");
            String reason = chat.deliveries().get(0).reason();
            assertTrue(reason.startsWith("sport filter: '==' is not an operator at position 7: compare with '=';"
                    + " execution filter: unknown field 'colour' at position 1"), reason);
        }
    }

    @Test
    void shouldTakeNoneAllAndSameOnlyInUpperCase() {
        try (ChatFixture chat = roomOf("alex")) {
            chat.filter("alex", "all", "NONE");
            Delivery rejected = chat.deliveries().get(0);
            assertEquals(Status.REJECTED_BADFILTER, rejected.status());
            assertTrue(rejected.reason().startsWith("sport filter: unknown field 'all'"), rejected.reason());
        }
    }

    @Test
    void shouldApplyTheBacktrackingLikeFilterAndRouteEventsPastItInMilliseconds() {
        String filter = "match_title LIKE '" + "_%".repeat(16) + "#'";
        try (ChatFixture chat = roomOf("alex")) {
            chat.filter("alex", filter, "NONE");
            assertEquals(List.of("alex FILTERAPPLIED alex 2"), chat.described());
            // as a regular expression this filter took 118 s on the 36-character title, and stalled the whole chat
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                chat.driver.send(chat.chat.sportEvents(), "1", new SportEvent(1, 1, 1, "a".repeat(36), "x"));
                chat.driver.send(chat.chat.sportEvents(), "2", new SportEvent(2, 1, 1, "a".repeat(500), "x"));
                chat.driver.send(chat.chat.sportEvents(), "3", new SportEvent(3, 1, 1, "a".repeat(499) + "#", "x"));
            });
            assertEquals(List.of("alex EVENT 2 3", "outsider EVENT 3 1", "outsider EVENT 3 2", "outsider EVENT 3 3"),
                    chat.described().stream().sorted().toList(), "only the title ending in # passes the filter");
            assertTrue(chat.driver.deadLetters().isEmpty());
        }
    }

    @Test
    void shouldRejectANonAsciiDigitToTheRequesterWithTheReasonAndNoDeadLetter() {
        try (ChatFixture chat = roomOf("alex")) {
            chat.filter("alex", "sport = \u0663", "NONE");
            Delivery rejected = chat.deliveries().get(0);
            assertEquals(Status.REJECTED_BADFILTER, rejected.status());
            assertEquals("alex", rejected.user());
            assertEquals("sport filter: unexpected character '\u0663' (U+0663) at position 9: numbers are written with"
                    + " the digits 0-9 only (the room's filters are unchanged)", rejected.reason());
            assertTrue(chat.driver.deadLetters().isEmpty(), "a bad filter is an answer, not a dead letter");

            chat.filter("alex", "(".repeat(40) + "sport = 1" + ")".repeat(40), "price > 1" + "0".repeat(400));
            String reason = chat.deliveries().get(0).reason();
            assertTrue(reason.startsWith("sport filter: the filter nests deeper than 32 levels at position 33"), reason);
            assertTrue(reason.contains("execution filter: the number 10000000000000000... at position 9 (401"
                    + " characters) is too large"), reason);
            assertTrue(chat.driver.deadLetters().isEmpty());
            assertEquals("NONE", chat.driver.get(chat.chat.rooms(), "2").sportFilter());
        }
    }
}
