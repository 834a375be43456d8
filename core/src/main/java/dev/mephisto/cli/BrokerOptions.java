package dev.mephisto.cli;

import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The options every command that talks to Kafka shares, and the client properties they give. */
final class BrokerOptions {

    @Option(names = "--broker", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (also KAFKA_BOOTSTRAP_SERVERS).")
    String broker;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with bootstrap.servers and more.")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Find the local embedded broker of this data dir.")
    Path dataDir;

    /** The Kafka client properties: the config file's Kafka settings and the resolved bootstrap servers. */
    Properties clientProperties(CliContext ctx) {
        Properties file = ClientSettings.load(config);
        Properties props = new Properties();
        file.stringPropertyNames().stream().filter(key -> !key.startsWith("mephisto."))
                .forEach(key -> props.put(key, file.getProperty(key)));
        props.put("bootstrap.servers", ClientSettings.broker(ctx, broker, file, dataDir));
        return props;
    }
}
