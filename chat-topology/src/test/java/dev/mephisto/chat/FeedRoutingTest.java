package dev.mephisto.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeedRoutingTest {

    private static SportEvent sport(long id, int sport) {
        return new SportEvent(id, 1_000 + id, sport, "Lorem ipsum " + id, "kickoff");
    }

    private static Execution execution(long id, String market, double price) {
        return new Execution(id, 1_000 + id, "SYMBOL:" + id, market, price, 10, 1_700_000_000L, "NV");
    }

    @Test
    void shouldDeliverEveryEventToEveryMemberOfARoomWithoutFilters() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.join("tim", 0);
            chat.deliveries();
            chat.driver.send(chat.chat.sportEvents(), "1", sport(1, 4));
            chat.driver.send(chat.chat.executions(), "2", execution(2, "NASCAR", 5));
            assertEquals(List.of("alex EVENT 0 1", "tim EVENT 0 1", "alex EXECUTION 0 2", "tim EXECUTION 0 2"),
                    chat.described());
        }
    }

    @Test
    void shouldRouteEachEventByEachRoomsFilter() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.join("zoe", 1);
            chat.join("max", 2);
            chat.filter("alex", "sport IN (1, 2)", "ALL");
            chat.filter("zoe", "ALL", "market = 'NASCAR' AND price > 10");
            chat.deliveries();
            chat.driver.send(chat.chat.sportEvents(), "1", sport(1, 1));
            chat.driver.send(chat.chat.sportEvents(), "2", sport(2, 5));
            chat.driver.send(chat.chat.executions(), "3", execution(3, "NASCAR", 20));
            chat.driver.send(chat.chat.executions(), "4", execution(4, "NASCAR", 5));
            chat.driver.send(chat.chat.executions(), "5", execution(5, "POLITICS", 50));
            List<String> got = chat.described();
            assertEquals(List.of("alex EVENT 0 1", "max EVENT 2 1", "max EVENT 2 2", "zoe EXECUTION 1 3",
                    "max EXECUTION 2 3", "max EXECUTION 2 4", "max EXECUTION 2 5"),
                    got.stream().sorted(FeedRoutingTest::byIdThenRoom).toList(), "each event once per member of each room it passes");
        }
    }

    @Test
    void shouldDeliverNothingToRoomsWithoutMembers() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.leave("alex");
            chat.deliveries();
            chat.driver.send(chat.chat.sportEvents(), "1", sport(1, 1));
            assertTrue(chat.deliveries().isEmpty());
        }
    }

    @Test
    void shouldStopDeliveringToAMemberWhoLeft() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.join("tim", 0);
            chat.leave("tim");
            chat.deliveries();
            chat.driver.send(chat.chat.sportEvents(), "1", sport(1, 1));
            assertEquals(List.of("alex EVENT 0 1"), chat.described());
        }
    }

    @Test
    void shouldDeliverNothingToARoomWhoseStoredFilterNoLongerParsesAndRouteTheOthers() {
        try (ChatFixture chat = ChatFixture.defaults()) {
            chat.join("alex", 0);
            chat.deliveries();
            // stored before the nesting limit: 40 levels of parentheses
            String deep = "(".repeat(40) + "sport = 1" + ")".repeat(40);
            // (AppTestDriver sends only to agents' sources; the directory is a global table's)
            chat.driver.kafkaDriver().createInputTopic(ChatApp.DIRECTORY, chat.chat.directory.keySerde().serializer(),
                    chat.chat.directory.valueSerde().serializer())
                    .pipeInput("5", new RoomState(5, 25, List.of(new Member("zoe", "s-zoe")), deep, "NONE"));
            chat.driver.send(chat.chat.sportEvents(), "1", sport(1, 1));
            chat.driver.send(chat.chat.sportEvents(), "2", sport(2, 1));
            assertEquals(List.of("alex EVENT 0 1", "alex EVENT 0 2"), chat.described());
            assertTrue(chat.driver.deadLetters().isEmpty(), "a stored filter is no bad input of the event's");
        }
    }

    private static int byIdThenRoom(String a, String b) {
        String[] x = a.split(" ");
        String[] y = b.split(" ");
        int byId = Integer.compare(Integer.parseInt(x[3]), Integer.parseInt(y[3]));
        return byId != 0 ? byId : Integer.compare(Integer.parseInt(x[2]), Integer.parseInt(y[2]));
    }
}
