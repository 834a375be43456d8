package dev.mephisto.cli;

import dev.mephisto.App;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The options of every command that talks to Kafka, as a picocli mixin an app's own commands can
 * reuse ({@code @Mixin BrokerOptions broker;}): {@code --broker}, {@code --config} and
 * {@code --data-dir}, resolved as core's commands resolve them — flag &gt;
 * {@code KAFKA_BOOTSTRAP_SERVERS} &gt; config file &gt; the app's config &gt; the local embedded
 * broker's address &gt; {@code 127.0.0.1:9092}.
 *
 * <pre>{@code
 * @Command(name = "simulate")
 * class Simulate implements Callable<Integer> {
 *     @Mixin BrokerOptions broker = new BrokerOptions();
 *     public Integer call() {
 *         Properties props = broker.clientProperties(app);   // bootstrap.servers and the --config file's settings
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class BrokerOptions {

    @Option(names = "--broker", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (also KAFKA_BOOTSTRAP_SERVERS).")
    String broker;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with bootstrap.servers and more.")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Find the local embedded broker of this data dir.")
    Path dataDir;

    /** Kafka client properties for {@code app}: the config file's Kafka settings and {@code bootstrap.servers}. */
    public Properties clientProperties(App app) {
        return clientProperties(new CliContext(app, System.getenv(), null, null));
    }

    /** The resolved bootstrap servers for {@code app}. */
    public String bootstrapServers(App app) {
        return clientProperties(app).getProperty("bootstrap.servers");
    }

    Properties clientProperties(CliContext ctx) {
        Properties file = ClientSettings.load(config);
        Properties props = new Properties();
        file.stringPropertyNames().stream().filter(key -> !key.startsWith("mephisto."))
                .forEach(key -> props.put(key, file.getProperty(key)));
        props.put("bootstrap.servers", ClientSettings.broker(ctx, broker, file, dataDir));
        return props;
    }
}
