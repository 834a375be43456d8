package dev.mephisto.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

    @Test
    void shouldSendTheRoomsRecentHistoryToTheJoinerOnly() {
        try (ChatFixture chat = new ChatFixture(ChatOptions.defaults().withHistory(2))) {
            chat.join("alex", 3);
            chat.say("alex", "one");
            chat.say("alex", "/greet");
            chat.say("alex", "three");
            chat.deliveries();
            chat.join("tim", 3);
            List<Delivery> got = chat.deliveries();
            Delivery history = got.get(got.size() - 1);
            assertEquals(DeliveryType.HISTORY, history.type());
            assertEquals("tim", history.user());
            assertEquals(List.of("alex: alex says hi!", "alex: three"),
                    history.history().stream().map(h -> h.from() + ": " + h.text()).toList());
            assertEquals(1, got.stream().filter(d -> d.type() == DeliveryType.HISTORY).count(),
                    "alex gets no history when tim joins");
        }
    }

    @Test
    void shouldKeepEachRoomsHistoryInAQueryableTableWithoutPrivateNotices() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.join("zoe", 1);
            chat.say("alex", "in zero");
            chat.say("alex", "/help");
            chat.say("zoe", "in one");
            RoomHistory zero = chat.driver.get(chat.chat.history(), "0");
            assertEquals(List.of("in zero"), zero.comments().stream().map(HistoryEntry::text).toList());
            assertEquals(List.of("in one"),
                    chat.driver.get(chat.chat.history(), "1").comments().stream().map(HistoryEntry::text).toList());
        }
    }

    @Test
    void shouldKeepNoHistoryWhenTheSizeIsZero() {
        try (ChatFixture chat = new ChatFixture(ChatOptions.defaults().withHistory(0))) {
            chat.join("alex", 0);
            chat.say("alex", "forgotten");
            chat.deliveries();
            chat.join("tim", 0);
            List<Delivery> got = chat.deliveries();
            assertEquals(List.of(), got.get(got.size() - 1).history());
        }
    }
}
