package dev.mephisto.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Topic;
import dev.mephisto.testing.AppTestDriver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaustDemosTest {

    @Test
    void shouldReportEveryRawMessageOnce() {
        List<String> printed = new ArrayList<>();
        App app = FaustDemos.simple(printed::add);
        Topic<byte[], byte[]> input = app.topic("example_kafka_topic", Codec.bytes(), Codec.bytes());
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(input, null, "Hello, Faust".getBytes(StandardCharsets.UTF_8));
            driver.send(input, null, "second".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("Hello, Faust", "second"), printed);
    }

    @Test
    void shouldLetTheAgentOnBothTopicsSeeEachMessageOnceAndEachTopicAgentItsOwn() {
        List<String> seen = new ArrayList<>();
        App app = FaustDemos.twoTopics((agent, message) -> seen.add(agent + " " + message));
        Topic<String, String> greetings = app.topic("greetings", Codec.string(), Codec.string());
        Topic<String, String> farewells = app.topic("farewells", Codec.string(), Codec.string());
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(greetings, "k", "hello");
            driver.send(farewells, "k", "bye");
            driver.send(greetings, "k", "hi");
        }
        assertEquals(List.of("hello", "hi"), only(seen, "greetings_agent"));
        assertEquals(List.of("bye"), only(seen, "farewells_agent"));
        assertEquals(List.of("greetings:hello", "farewells:bye", "greetings:hi"), only(seen, "both_agent"));
    }

    @Test
    void shouldRefuseTooLongMessageAndKeepProcessingLaterOnes() {
        App app = FaustDemos.maxLength(10);
        Topic<String, String> messages = app.topic("messages", Codec.string(), Codec.string());
        Topic<String, String> accepted = app.topic("accepted", Codec.string(), Codec.string());
        Topic<String, String> refused = app.topic("refused", Codec.string(), Codec.string());
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(messages, "a", "short");
            driver.send(messages, "b", "this one is far too long");
            driver.send(messages, "c", "fine too");

            assertEquals(List.of("short", "fine too"), driver.readValues(accepted));
            List<String> refusals = driver.readValues(refused);
            assertEquals(1, refusals.size());
            assertTrue(refusals.get(0).startsWith("message of 24 characters is longer than the maximum of 10"),
                    refusals.get(0));
        }
    }

    private static List<String> only(List<String> seen, String agent) {
        return seen.stream().filter(line -> line.startsWith(agent + " "))
                .map(line -> line.substring(agent.length() + 1)).toList();
    }
}
