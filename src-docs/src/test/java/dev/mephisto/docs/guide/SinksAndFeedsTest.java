package dev.mephisto.docs.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SinksAndFeedsTest {

    @Test
    void shouldDeclareTheSourceAndSinksOnADeclaredTopic() {
        SinksAndFeeds archive = new SinksAndFeeds();
        assertEquals(List.of("lines"), archive.app.topics().stream().map(t -> t.name()).toList());
    }
}
