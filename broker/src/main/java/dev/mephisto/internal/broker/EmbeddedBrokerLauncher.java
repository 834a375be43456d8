package dev.mephisto.internal.broker;

import dev.mephisto.broker.EmbeddedBroker;
import dev.mephisto.internal.runtime.LocalBroker;
import java.nio.file.Path;

/** The embedded broker as core's {@link LocalBroker} service: what {@code worker} and {@code broker} start. */
public final class EmbeddedBrokerLauncher implements LocalBroker.Launcher {

    @Override
    public LocalBroker start(Path dataDir, int preferredPort) {
        EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withDataDir(dataDir)
                .withPort(preferredPort));
        return new LocalBroker() {
            @Override
            public String bootstrapServers() {
                return broker.bootstrapServers();
            }

            @Override
            public Path dataDir() {
                return broker.dataDir();
            }

            @Override
            public void close() {
                broker.close();
            }

            @Override
            public String toString() {
                return broker.toString();
            }
        };
    }
}
