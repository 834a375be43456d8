package dev.mephisto.cli;

import dev.mephisto.WorkerOptions;
import dev.mephisto.internal.runtime.LocalBroker;
import dev.mephisto.internal.runtime.LocalBrokerAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run only the embedded single-node Kafka broker, for workers and clients to share.")
final class BrokerCommand implements Callable<Integer> {

    private final CliContext<?> ctx;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Broker data (also MEPHISTO_DATA_DIR, mephisto.data.dir). Default: ./.mephisto/kafka")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", converter = NumberOptions.Port.class,
            description = "Preferred port; the next free one is used if taken. Default: 9092")
    int port = WorkerOptions.DEFAULT_BROKER_PORT;

    BrokerCommand(CliContext<?> ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        SignalWait signals = new SignalWait();
        Path dir = dataDir != null ? dataDir : ctx.settings().get(WorkerOptions.DATA_DIR);
        try (LocalBroker broker = LocalBroker.start(dir, port)) {
            LocalBrokerAddress.write(broker.dataDir(), broker.bootstrapServers());
            ctx.out().println("Kafka broker ready at " + broker.bootstrapServers() + " (data in " + broker.dataDir()
                    + "); connect with --broker " + broker.bootstrapServers() + "; Ctrl+C stops it");
            ctx.out().flush();
            signals.await(new CountDownLatch(1));
        }
        return 0;
    }
}
