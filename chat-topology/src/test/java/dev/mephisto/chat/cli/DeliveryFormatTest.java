package dev.mephisto.chat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.Codec;
import dev.mephisto.chat.Delivery;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryFormatTest {

    private static List<String> show(String json) {
        return DeliveryFormat.lines(Codec.json(Delivery.class).parse(json));
    }

    @Test
    void shouldShowACommentAsNameColonTextWithContinuationLinesIndented() {
        assertEquals(List.of("tim: Why do programmers prefer dark mode?", "     Because light attracts bugs."),
                show("{\"type\":\"COMMENT\",\"user\":\"alex\",\"room\":1,\"from\":\"tim\","
                        + "\"text\":\"Why do programmers prefer dark mode?\\nBecause light attracts bugs.\"}"));
    }

    @Test
    void shouldShowStatusesReadably() {
        assertEquals(List.of("* tim joined room 1 [alex, tim; 2/25]"), show("{\"type\":\"ROOM_STATUS\",\"user\":\"alex\","
                + "\"room\":1,\"status\":\"USERJOINED\",\"subject\":\"tim\",\"members\":[\"alex\",\"tim\"],\"capacity\":25}"));
        assertEquals(List.of("! DENIED_NAMETAKEN: the name is in use"), show("{\"type\":\"ROOM_STATUS\",\"user\":\"alex\","
                + "\"room\":1,\"status\":\"DENIED_NAMETAKEN\",\"reason\":\"the name is in use\"}"));
    }

    @Test
    void shouldShowFeedEvents() {
        assertEquals(List.of("[sport 3] Lorem vs Ipsum: goal"), show("{\"type\":\"EVENT\",\"user\":\"a\",\"room\":1,"
                + "\"event\":{\"sportEventId\":1,\"timetag\":1,\"sport\":3,\"matchTitle\":\"Lorem vs Ipsum\","
                + "\"dataEvent\":\"goal\"}}"));
        assertEquals(List.of("[NASCAR] DAYTONA:* 12.50 x 100 (FL)"), show("{\"type\":\"EXECUTION\",\"user\":\"a\","
                + "\"room\":1,\"execution\":{\"executionId\":1,\"timetag\":1,\"symbol\":\"DAYTONA:*\",\"market\":"
                + "\"NASCAR\",\"price\":12.5,\"quantity\":100,\"executionEpoch\":1,\"stateSymbol\":\"FL\"}}"));
    }
}
