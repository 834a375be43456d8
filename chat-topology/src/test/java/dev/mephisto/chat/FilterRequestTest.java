package dev.mephisto.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
