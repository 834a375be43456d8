package dev.mephisto.cli;

import dev.mephisto.ClientOptions;
import dev.mephisto.DeadLetter;
import dev.mephisto.ReadOptions;
import dev.mephisto.Received;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Print the app's dead letters: what failed, where, why, and the original record.")
final class DlqCommand implements Callable<Integer>, ClientCommand {

    private static final int TIMEOUT_SECONDS = 10;

    private final CliContext<?> ctx;

    @Option(names = "--limit", paramLabel = "N", converter = NumberOptions.Positive.class,
            description = "Print at most the last N (1 or more) of each partition. Default: all")
    Integer limit;

    @Mixin
    BrokerOptions brokerOptions = new BrokerOptions();

    DlqCommand(CliContext<?> ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String topic = ctx.app().deadLetterTopic();
        Properties props = brokerOptions.clientProperties(ctx);
        String bootstrap = props.getProperty("bootstrap.servers");
        BrokerReach.requireListening(ctx, bootstrap);
        ClientOptions options = ClientOptions.defaults().withKafka(props)
                .withTimeout(Duration.ofSeconds(TIMEOUT_SECONDS));
        int printed = 0;
        try (TopicClient client = TopicClient.connect(ctx.app(), options);
                TopicReader<byte[], byte[]> reader = client.read(client.deadLetterTopic(),
                        limit == null ? ReadOptions.fromBeginning() : ReadOptions.lastOf(limit))) {
            if (reader.partitions().isEmpty()) {
                ctx.out().println("no dead letters: topic " + topic + " does not exist yet");
                ctx.out().flush();
                return 0;
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!reader.caughtUp() && System.nanoTime() < deadline) {
                for (Received<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    ctx.out().println(line(record));
                    printed++;
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw BrokerReach.noAnswer(bootstrap, "topic " + topic, TIMEOUT_SECONDS, e, "Kafka runs there");
        }
        ctx.out().println(printed + " dead letter(s) in " + topic);
        ctx.out().flush();
        return 0;
    }

    private static String line(Received<byte[], byte[]> record) {
        DeadLetter letter = DeadLetter.of(record.rawKey(), record.rawValue(), record.headers());
        return letter.failedAt() + " " + letter.kind().headerValue() + " " + letter.topic() + "/" + letter.partition() + "@"
                + letter.offset() + (letter.agent() == null ? "" : " agent=" + letter.agent())
                + (letter.requestId() == null ? "" : " request=" + letter.requestId())
                + " reason=\"" + letter.message() + "\" key=" + letter.keyText() + " value=" + letter.valueText();
    }
}
