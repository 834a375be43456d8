package dev.mephisto.docs.guide;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Feeds;
import dev.mephisto.Sinks;
import dev.mephisto.Topic;
import java.nio.file.Path;

/** Sinks and feeds (operations.md): Kafka in from a file, Kafka out to files and standard output. */
public final class SinksAndFeeds {

    public final App app = App.create("archive");
    public final Topic<String, String> lines = app.topic("lines", Codec.string(), Codec.string());

    public SinksAndFeeds() {
        // tag::sinks-feeds[]
        app.feed("input-file", lines, Feeds.lines(Path.of("input.txt")));   // each non-empty line, once
        app.sink("archive", lines, Sinks.jsonFiles(Path.of("archive")));      // <topic>-<partition>-<offset>.json
        app.sink("print", lines, record -> System.out.println(record.id() + " " + record.value()));
        // end::sinks-feeds[]
    }
}
