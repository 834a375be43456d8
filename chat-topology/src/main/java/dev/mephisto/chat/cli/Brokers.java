package dev.mephisto.chat.cli;

import dev.mephisto.WorkerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the chat's own commands find Kafka, in the order core's commands use: {@code --broker},
 * then {@code KAFKA_BOOTSTRAP_SERVERS}, then the address a local worker's embedded broker wrote to
 * {@code <data dir>/bootstrap.servers} ({@code MEPHISTO_DATA_DIR}, default {@code .mephisto/kafka}),
 * then {@code 127.0.0.1:9092}.
 */
final class Brokers {

    private Brokers() {
    }

    static String resolve(String flag, Map<String, String> env) {
        if (flag != null && !flag.isBlank()) {
            return flag.trim();
        }
        String fromEnv = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        String dataDir = env.get("MEPHISTO_DATA_DIR");
        Path file = (dataDir == null || dataDir.isBlank() ? WorkerOptions.DEFAULT_DATA_DIR : Path.of(dataDir))
                .resolve("bootstrap.servers");
        if (Files.isRegularFile(file)) {
            try {
                String address = Files.readString(file).trim();
                if (!address.isEmpty()) {
                    return address;
                }
            } catch (IOException ignored) {
                // fall through to the default port
            }
        }
        return "127.0.0.1:" + WorkerOptions.DEFAULT_BROKER_PORT;
    }
}
