package dev.mephisto.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.App;
import dev.mephisto.ClientOptions;
import dev.mephisto.Codec;
import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngressTest {

    @Test
    void shouldRefuseABodyOverTheLimitNamingTheLimitNotAByteCount() {
        App app = App.create("ingress-test");
        Topic<String, String> notes = app.topic(Topic.of("notes", Codec.string(), Codec.string()).withIngress());
        // nothing is sent: the size is checked first, so no broker needs to answer at this address
        TopicClient client = TopicClient.connect(app, ClientOptions.defaults().withBroker("127.0.0.1:1")
                .withTimeout(Duration.ofSeconds(1)));
        try (Ingress ingress = new Ingress(List.of(notes), client)) {
            // the server reads at most the limit plus one byte, whatever the body's size
            Answer answer = ingress.post("notes", null, new byte[Ingress.MAX_BODY_BYTES + 1], null);

            assertEquals(413, answer.status());
            assertEquals("the body is larger than the 1048576-byte limit of topic 'notes' over HTTP: send larger"
                    + " records with a Kafka client", answer.body().get("error").asText());
        }
    }
}
