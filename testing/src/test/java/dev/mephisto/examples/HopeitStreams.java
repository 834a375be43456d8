package dev.mephisto.examples;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Topic;

/**
 * hopeit.engine's streams tutorial: {@code send-message} creates a NEW message from the submitted
 * data and validates it (texts shorter than 3 characters are dropped, others become VALID) before
 * it reaches {@code my-stream}; {@code process-message} marks each one PROCESSED.
 */
final class HopeitStreams {

    enum Status { NEW, VALID, PROCESSED }

    record MyData(String text) {
    }

    record MyMessage(String text, Status status) {
        MyMessage withStatus(Status next) {
            return new MyMessage(text, next);
        }
    }

    final App app = App.create("my-streaming-app");
    final Topic<String, MyData> submitted = app.topic("send-message", Codec.string(), Codec.json(MyData.class));
    final Topic<String, MyMessage> stream = app.topic("my-stream", Codec.string(), Codec.json(MyMessage.class));
    final Topic<String, MyMessage> processed =
            app.topic("processed-messages", Codec.string(), Codec.json(MyMessage.class));

    HopeitStreams() {
        app.chain("send-message", submitted)
                .step(data -> new MyMessage(data.text(), Status.NEW))
                .step(message -> message.text().length() < 3 ? null : message.withStatus(Status.VALID))
                .to(stream);
        app.chain("process-message", stream)
                .step(message -> message.withStatus(Status.PROCESSED))
                .to(processed);
    }
}
