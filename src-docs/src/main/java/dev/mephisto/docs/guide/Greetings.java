package dev.mephisto.docs.guide;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Topic;
import dev.mephisto.cli.Cli;

/**
 * The app of "Use Mephisto in your project": counts the names it is sent. CI builds it as a project of its own
 * (package com.example) from the page's pom snippet: {@code .ci/outside-project}.
 */
// tag::app[]
public final class Greetings {

    public final App app = App.create("greetings");
    public final Topic<String, String> names = app.topic("names", Codec.string(), Codec.string());
    public final KeyValueTable<String, Long> seen = app.table("seen", Codec.string(), Codec.int64());

    public Greetings() {
        app.agent("count", names, (key, name, ctx) -> ctx.table(seen).merge(name, 1L, Long::sum)).uses(seen);
    }

    public static void main(String[] args) {
        Cli.main(args, settings -> new Greetings().app);
    }
}
// end::app[]
