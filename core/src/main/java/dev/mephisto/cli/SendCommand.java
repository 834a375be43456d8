package dev.mephisto.cli;

import dev.mephisto.ClientOptions;
import dev.mephisto.Outgoing;
import dev.mephisto.Sent;
import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import java.time.Duration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Encode a value with the topic's codecs and produce it; prints topic, partition and offset.")
final class SendCommand implements Callable<Integer>, ClientCommand {

    private final CliContext<?> ctx;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "A topic the app declares.")
    String topicName;

    @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1",
            description = "The value as text: JSON for JSON topics, digits for numbers.")
    String value;

    @Option(names = "--key", paramLabel = "K",
            description = "The key as text. Default: the topic's key extractor (withIngress(keyOf)), else none.")
    String key;

    @Option(names = "--header", paramLabel = "NAME=VALUE", description = "A header; repeat for more.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--file", paramLabel = "FILE", description = "Send each non-empty line of FILE as a value.")
    Path file;

    @Option(names = "--key-separator", paramLabel = "SEP",
            description = "With --file: each line is KEY<SEP>VALUE.")
    String keySeparator;

    @Mixin
    BrokerOptions brokerOptions = new BrokerOptions();

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = NumberOptions.Seconds.class,
            description = "How long to wait for the broker, 1 to 3600. Default: 10")
    int timeoutSeconds = 10;

    SendCommand(CliContext<?> ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        @SuppressWarnings("unchecked")
        Topic<Object, Object> topic = (Topic<Object, Object>) ctx.topic(topicName);
        List<Outgoing<Object, Object>> records = records(topic);
        Properties props = brokerOptions.clientProperties(ctx);
        String bootstrap = props.getProperty("bootstrap.servers");
        BrokerReach.requireListening(ctx, bootstrap);
        ClientOptions options = ClientOptions.defaults().withKafka(props)
                .withTimeout(Duration.ofSeconds(timeoutSeconds));
        try (TopicClient client = TopicClient.connect(ctx.app(), options)) {
            // One bounded wait for the cluster's answer, rather than one per record; a topic not created yet
            // is created by the first send where the broker allows it, as before.
            client.partitions(topic);
            List<Future<Sent>> sent = new ArrayList<>();
            for (Outgoing<Object, Object> record : records) {
                sent.add(client.send(record));
            }
            client.flush();
            for (Future<Sent> future : sent) {
                Sent metadata = await(future, bootstrap);
                ctx.out().println("topic=" + metadata.topic() + " partition=" + metadata.partition() + " offset="
                        + metadata.offset());
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable(bootstrap, e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new UserError("could not send to topic '" + topicName + "' at " + bootstrap + ": " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"), e);
        }
        ctx.out().flush();
        return 0;
    }

    private Sent await(Future<Sent> future, String bootstrap) throws InterruptedException {
        try {
            return future.get(timeoutSeconds + 10L, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(bootstrap, e.getCause());
            }
            throw new UserError("could not send to topic '" + topicName + "' at " + bootstrap + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(bootstrap, e);
        }
    }

    private UserError unreachable(String bootstrap, Throwable cause) {
        return BrokerReach.noAnswer(bootstrap, "topic '" + topicName + "'", timeoutSeconds, cause,
                "Kafka runs there and has the topic (a worker creates the app's topics)");
    }

    /** Every record to send, all checked before any is sent. */
    private List<Outgoing<Object, Object>> records(Topic<Object, Object> topic) throws IOException {
        Map<String, String> headerMap = parseHeaders();
        if (file == null && value == null) {
            throw new UserError("send needs a VALUE or --file FILE");
        }
        if (file != null && value != null) {
            throw new UserError("send takes a VALUE or --file FILE, not both");
        }
        if (keySeparator != null && file == null) {
            throw new UserError("--key-separator applies to --file lines only");
        }
        List<Outgoing<Object, Object>> records = new ArrayList<>();
        if (value != null) {
            try {
                records.add(record(topic, key, value, headerMap, "the value"));
            } catch (UserError e) {
                throw new UserError(e.getMessage() + "; nothing was sent");
            }
            return records;
        }
        ClientSettings.requireReadableFile("file", file, "a text file with one value per line");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("cannot read file " + file.toAbsolutePath() + " as UTF-8 text: " + e, e);
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String lineKey = key;
            String lineValue = line;
            if (keySeparator != null) {
                int at = line.indexOf(keySeparator);
                if (at < 0) {
                    problems.add("line " + (i + 1) + " has no key separator '" + keySeparator + "'");
                    continue;
                }
                lineKey = line.substring(0, at);
                lineValue = line.substring(at + keySeparator.length());
            }
            try {
                records.add(record(topic, lineKey, lineValue, headerMap, "line " + (i + 1)));
            } catch (UserError e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new UserError(file + ": " + String.join("; ", problems) + "; nothing was sent");
        }
        if (records.isEmpty()) {
            throw new UserError("file " + file + " has no lines to send");
        }
        return records;
    }

    private Outgoing<Object, Object> record(Topic<Object, Object> topic, String keyText, String valueText,
            Map<String, String> headerMap, String where) {
        Object parsedKey = null;
        if (keyText != null) {
            try {
                parsedKey = topic.keyCodec().parse(keyText);
            } catch (RuntimeException e) {
                throw new UserError(where + ": key '" + keyText + "' is not a " + topic.keyCodec().describe()
                        + " for topic '" + topic.name() + "': " + e.getMessage());
            }
        }
        Object parsedValue;
        try {
            parsedValue = topic.valueCodec().parse(valueText);
        } catch (RuntimeException e) {
            throw new UserError(where + " is not a " + topic.valueCodec().describe() + " for topic '" + topic.name()
                    + "': " + e.getMessage());
        }
        // checked here, for every record before any is sent: the client checks again as it sends
        String problem = topic.problemWith(parsedValue);
        if (problem != null) {
            throw new UserError(where + " fails the check of topic '" + topic.name() + "': " + problem);
        }
        Outgoing<Object, Object> record = keyText == null ? Outgoing.to(topic, parsedValue)
                : Outgoing.to(topic, parsedKey, parsedValue);
        return record.withHeaders(headerMap);
    }

    private Map<String, String> parseHeaders() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String header : headers) {
            int at = header.indexOf('=');
            if (at <= 0) {
                throw new UserError("--header must be NAME=VALUE, got '" + header + "'");
            }
            parsed.put(header.substring(0, at), header.substring(at + 1));
        }
        return parsed;
    }
}
