package dev.mephisto.docs.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.testing.AppTestDriver;
import org.junit.jupiter.api.Test;

// tag::test[]
class GreetingsTest {

    @Test
    void shouldCountEachNameWhenSeenTwice() {
        Greetings greetings = new Greetings();
        try (AppTestDriver driver = AppTestDriver.create(greetings.app)) {
            driver.send(greetings.names, null, "ada");
            driver.send(greetings.names, null, "ada");
            assertEquals(2L, driver.get(greetings.seen, "ada"));
        }
    }
}
// end::test[]
