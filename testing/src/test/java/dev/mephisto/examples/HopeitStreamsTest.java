package dev.mephisto.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.examples.HopeitStreams.MyData;
import dev.mephisto.examples.HopeitStreams.MyMessage;
import dev.mephisto.examples.HopeitStreams.Status;
import dev.mephisto.testing.AppTestDriver;
import java.util.List;
import org.junit.jupiter.api.Test;

class HopeitStreamsTest {

    private final HopeitStreams hopeit = new HopeitStreams();

    @Test
    void shouldValidateThenProcessMessages() {
        try (AppTestDriver driver = AppTestDriver.create(hopeit.app)) {
            driver.send(hopeit.submitted, "id-1", new MyData("hello"));

            assertEquals(List.of(new MyMessage("hello", Status.VALID)), driver.readValues(hopeit.stream));
            assertEquals(List.of(new MyMessage("hello", Status.PROCESSED)), driver.readValues(hopeit.processed));
        }
    }

    @Test
    void shouldDropTextShorterThanThreeCharacters() {
        try (AppTestDriver driver = AppTestDriver.create(hopeit.app)) {
            driver.send(hopeit.submitted, "id-1", new MyData("hi"));
            driver.send(hopeit.submitted, "id-2", new MyData("hey"));

            assertEquals(List.of(new MyMessage("hey", Status.VALID)), driver.readValues(hopeit.stream));
            assertEquals(List.of(new MyMessage("hey", Status.PROCESSED)), driver.readValues(hopeit.processed));
        }
    }

    @Test
    void shouldKeepTheKeyThroughEveryStep() {
        try (AppTestDriver driver = AppTestDriver.create(hopeit.app)) {
            driver.send(hopeit.submitted, "id-7", new MyData("keyed"));

            assertEquals("id-7", driver.read(hopeit.processed).get(0).key());
        }
    }
}
