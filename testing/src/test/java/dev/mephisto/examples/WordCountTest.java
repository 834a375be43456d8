package dev.mephisto.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.testing.AppTestDriver;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class WordCountTest {

    private final WordCount wordCount = new WordCount();

    @Test
    void shouldEmitRunningCountPerOccurrenceKeyedByWord() {
        try (AppTestDriver driver = AppTestDriver.create(wordCount.app)) {
            driver.send(wordCount.lines, null, "Hello, World! Hello...");

            assertEquals(List.of(KeyValue.pair("hello", 1L), KeyValue.pair("world", 1L), KeyValue.pair("hello", 2L)),
                    driver.readKeyValues(wordCount.counts));
        }
    }

    @Test
    void shouldLowercaseStripPunctuationAndDropEmptyWords() {
        try (AppTestDriver driver = AppTestDriver.create(wordCount.app)) {
            driver.send(wordCount.lines, null, "\"Why,  SO -- serious?\"");
            driver.send(wordCount.lines, null, "...");
            driver.send(wordCount.lines, null, "so it's (so) serious");

            assertEquals(List.of(KeyValue.pair("why", 1L), KeyValue.pair("so", 1L), KeyValue.pair("serious", 1L),
                    KeyValue.pair("so", 2L), KeyValue.pair("it's", 1L), KeyValue.pair("so", 3L),
                    KeyValue.pair("serious", 2L)), driver.readKeyValues(wordCount.counts));
            assertEquals(Map.of("why", 1L, "so", 3L, "serious", 2L, "it's", 1L),
                    driver.contents(wordCount.countTable));
        }
    }
}
