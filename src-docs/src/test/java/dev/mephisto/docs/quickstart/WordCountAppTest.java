package dev.mephisto.docs.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.testing.AppTestDriver;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class WordCountAppTest {

    private final WordCountApp quickstart = new WordCountApp();

    @Test
    void shouldCountEachWordAsItComes() {
        try (AppTestDriver driver = AppTestDriver.create(quickstart.app)) {
            driver.send(quickstart.lines, null, "Hello, World! Hello...");

            assertEquals(List.of(KeyValue.pair("hello", 1L), KeyValue.pair("world", 1L), KeyValue.pair("hello", 2L)),
                    driver.readKeyValues(quickstart.counts));
            assertEquals(2L, driver.get(quickstart.table, "hello"));
        }
    }
}
