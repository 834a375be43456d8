package dev.mephisto.examples;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Topic;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** The Faust tutorial's demo apps, written with Mephisto. */
final class FaustDemos {

    private FaustDemos() {
    }

    /** {@code simple_faust_demo.py}: one agent printing every raw message of one topic. */
    static App simple(Consumer<String> print) {
        App app = App.create("example_faust_app");
        Topic<byte[], byte[]> input = app.topic("example_kafka_topic", Codec.bytes(), Codec.bytes());
        app.agent("report_messages_received", input,
                (key, message, ctx) -> print.accept(new String(message, StandardCharsets.UTF_8)));
        return app;
    }

    /**
     * Three agents over two topics: each topic has its own agent, and one agent reads both.
     * {@code seen} receives (agent, message) for every message an agent sees.
     */
    static App twoTopics(BiConsumer<String, String> seen) {
        App app = App.create("two_topics_app");
        Topic<String, String> greetings = app.topic("greetings", Codec.string(), Codec.string());
        Topic<String, String> farewells = app.topic("farewells", Codec.string(), Codec.string());
        app.agent("greetings_agent", greetings, (key, message, ctx) -> seen.accept("greetings_agent", message));
        app.agent("farewells_agent", farewells, (key, message, ctx) -> seen.accept("farewells_agent", message));
        app.agent("both_agent", java.util.List.of(greetings, farewells),
                (key, message, ctx) -> seen.accept("both_agent", ctx.topic() + ":" + message));
        return app;
    }

    /**
     * A configured maximum message length: longer messages are refused with a reason on
     * {@code refused}, the others pass to {@code accepted}.
     */
    static App maxLength(int maxLength) {
        App app = App.create("max_length_app");
        Topic<String, String> messages = app.topic("messages", Codec.string(), Codec.string());
        Topic<String, String> accepted = app.topic("accepted", Codec.string(), Codec.string());
        Topic<String, String> refused = app.topic("refused", Codec.string(), Codec.string());
        app.agent("guard_length", messages, (key, message, ctx) -> {
            if (message.length() > maxLength) {
                ctx.send(refused, key, "message of " + message.length() + " characters is longer than the maximum of "
                        + maxLength + ": " + message.substring(0, maxLength) + "...");
                return;
            }
            ctx.send(accepted, key, message);
        }).sendsTo(accepted, refused);
        return app;
    }
}
