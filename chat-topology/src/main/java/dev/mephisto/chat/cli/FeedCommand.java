package dev.mephisto.chat.cli;

import dev.mephisto.ClientOptions;
import dev.mephisto.TopicClient;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.Execution;
import dev.mephisto.chat.SportEvent;
import dev.mephisto.chat.feed.Feeds;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import dev.mephisto.cli.BrokerOptions;
import dev.mephisto.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code feed sport|executions}: a feed generator, like the original simulators. */
@Command(name = "feed", mixinStandardHelpOptions = true,
        description = "Generate a feed: 'sport' events to feed-sport-events or 'executions' to feed-executions.")
final class FeedCommand implements Callable<Integer> {

    enum Kind { sport, executions }

    private final CliContext<ChatApp> ctx;

    @Mixin
    BrokerOptions broker = new BrokerOptions();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "sport|executions", description = "Which feed to generate.")
    Kind kind;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "2", description = "Events per second. Default: 2")
    double rate;

    @Option(names = "--count", paramLabel = "N", defaultValue = "-1",
            description = "Stop after N events. Default: run until Ctrl+C")
    long count;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed, for a repeatable feed.")
    Long seed;

    @Option(names = "--quiet", description = "Print only the summary, not each event.")
    boolean quiet;

    FeedCommand(CliContext<ChatApp> ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || rate > 100_000) {
            throw new IllegalArgumentException("--rate must be above 0 and at most 100000 events per second, got " + rate);
        }
        PrintWriter out = spec.commandLine().getOut();
        ChatApp chat = ctx.built();
        Properties props = broker.clientProperties(ctx);
        String bootstrap = props.getProperty("bootstrap.servers");
        Feeds feeds = new Feeds(seed == null ? new Random() : new Random(seed));
        String topic = kind == Kind.sport ? ChatApp.SPORT_EVENTS : ChatApp.EXECUTIONS;
        boolean[] stop = {false};
        try {
            Signal.handle(new Signal("INT"), signal -> stop[0] = true);
        } catch (IllegalArgumentException unsupported) {
            // no SIGINT here: --count ends it
        }
        long sent = 0;
        long began = System.nanoTime();
        long periodNanos = (long) (1_000_000_000L / rate);
        try (TopicClient client = TopicClient.connect(chat.app(), ClientOptions.defaults().withKafka(props)
                .withClientId("chat-feed-" + kind).withTimeout(Duration.ofSeconds(15)).withKafka("linger.ms", 5))) {
            while (!stop[0] && (count < 0 || sent < count)) {
                long id = System.currentTimeMillis() * 1000 + sent % 1000;
                String shown;
                if (kind == Kind.sport) {
                    SportEvent event = feeds.sportEvent(id);
                    client.send(chat.sportEvents(), Long.toString(id), event).get(30, TimeUnit.SECONDS);
                    shown = "sport " + event.sport() + " " + event.matchTitle() + ": " + event.dataEvent();
                } else {
                    Execution execution = feeds.execution(id);
                    client.send(chat.executions(), Long.toString(id), execution).get(30, TimeUnit.SECONDS);
                    shown = execution.market() + " " + execution.symbol() + " " + execution.price();
                }
                sent++;
                if (!quiet) {
                    out.println(topic + " " + shown);
                    out.flush();
                }
                long wait = began + sent * periodNanos - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic + " at " + bootstrap + " (" + e.getMessage()
                    + "): start a chat worker, or pass --broker host:port", e);
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - began) / 1e9);
        out.printf("sent %d events to %s in %.1f s (%.1f/s)%n", sent, topic, seconds, sent / seconds);
        out.flush();
        return 0;
    }
}
