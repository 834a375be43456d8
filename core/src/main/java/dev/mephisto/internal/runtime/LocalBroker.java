package dev.mephisto.internal.runtime;

import java.nio.file.Path;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * A Kafka broker started in this JVM for a zero-setup run ({@code worker} or {@code broker} with no broker
 * configured). Core has none: the {@code mephisto-broker} artifact provides it as a {@link Launcher} service, found
 * through {@link ServiceLoader}.
 */
public interface LocalBroker extends AutoCloseable {

    /** The artifact that provides the launcher. */
    String ARTIFACT = "dev.mephisto:mephisto-broker";

    String bootstrapServers();

    Path dataDir();

    @Override
    void close();

    /** Starts a broker; registered in {@code META-INF/services/dev.mephisto.internal.runtime.LocalBroker$Launcher}. */
    interface Launcher {

        LocalBroker start(Path dataDir, int preferredPort);
    }

    /**
     * Starts the broker of the launcher on the classpath, keeping its data in {@code dataDir}, on
     * {@code preferredPort} or the next free one.
     *
     * @throws IllegalStateException naming the artifact to add when no launcher is on the classpath
     */
    static LocalBroker start(Path dataDir, int preferredPort) {
        Objects.requireNonNull(dataDir, "dataDir can't be null");
        Launcher launcher = ServiceLoader.load(Launcher.class, LocalBroker.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException(missingMessage()));
        return launcher.start(dataDir, preferredPort);
    }

    static String missingMessage() {
        return "no Kafka broker is configured, and the embedded one is not on the classpath: add the dependency "
                + ARTIFACT + " (it runs Kafka inside the app for zero-setup runs), or pass --broker host:port "
                + "(MEPHISTO_BROKER) to use a running cluster";
    }
}
