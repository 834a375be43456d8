package dev.mephisto.cli;

import dev.mephisto.WorkerOptions;
import dev.mephisto.internal.runtime.LocalBrokerAddress;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The options of every command that talks to Kafka, as a picocli mixin an app's own commands can
 * reuse ({@code @Mixin BrokerOptions broker;}): {@code --broker}, {@code --config} and
 * {@code --data-dir}, resolved as every setting is — flag &gt; environment ({@code MEPHISTO_BROKER}
 * or {@code KAFKA_BOOTSTRAP_SERVERS}) &gt; config file &gt; the app's config &gt; the local embedded
 * broker's address &gt; {@code 127.0.0.1:9092}.
 *
 * <pre>{@code
 * @Command(name = "simulate")
 * class Simulate implements Callable<Integer> {
 *     @Mixin BrokerOptions broker = new BrokerOptions();
 *     private final CliContext<?> ctx;
 *     public Integer call() {
 *         Properties props = broker.clientProperties(ctx);   // bootstrap.servers and the --config file's Kafka settings
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class BrokerOptions {

    @Option(names = "--broker", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (also MEPHISTO_BROKER or KAFKA_BOOTSTRAP_SERVERS, key mephisto.broker).")
    String broker;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file: Kafka client properties and mephisto.* settings.")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Find the local embedded broker of this data dir (also MEPHISTO_DATA_DIR).")
    Path dataDir;

    /** Kafka client properties: the config file's Kafka settings and the resolved {@code bootstrap.servers}. */
    public Properties clientProperties(CliContext<?> ctx) {
        Properties props = new Properties();
        props.putAll(ctx.settings().kafka());
        props.put("bootstrap.servers", broker(ctx));
        return props;
    }

    /** The resolved bootstrap servers. */
    public String bootstrapServers(CliContext<?> ctx) {
        return broker(ctx);
    }

    /**
     * The cluster a client command talks to: the broker setting (flag, environment, file), else the
     * app's config, else the embedded broker a worker on this machine last started in the data dir,
     * else 127.0.0.1:9092.
     */
    static String broker(CliContext<?> ctx) {
        return ctx.settings().find(WorkerOptions.BROKER)
                .or(() -> ctx.app().config().broker())
                .or(() -> LocalBrokerAddress.read(ctx.settings().get(WorkerOptions.DATA_DIR)))
                .orElse("127.0.0.1:" + WorkerOptions.DEFAULT_BROKER_PORT);
    }
}
