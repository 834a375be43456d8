package dev.mephisto.docs.guide;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Topic;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.StreamJoined;

/** The DSL escape hatch (concepts.md): a windowed join, compiled into the same topology as the agents. */
public final class PaymentsJoin {

    public final App app = App.create("reconcile");
    public final Topic<String, String> received = app.topic("received", Codec.string(), Codec.string());
    public final Topic<String, String> processed = app.topic("processed", Codec.string(), Codec.string());
    public final Topic<String, String> reconciled = app.topic("reconciled", Codec.string(), Codec.string());

    public PaymentsJoin() {
        // tag::streams[]
        app.streams("reconcile", builder -> reconciled.to(
                received.stream(builder).join(processed.stream(builder),
                        (in, out) -> in + " -> " + out,
                        JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMinutes(5)),
                        StreamJoined.with(Serdes.String(), received.valueSerde(), processed.valueSerde())
                                .withName("reconcile-join")           // every store and internal topic is named,
                                .withStoreName("reconcile-join"))));  // or the app refuses to compile
        // end::streams[]
    }
}
