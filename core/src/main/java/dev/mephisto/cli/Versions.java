package dev.mephisto.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} prints: the app's version, then Mephisto's and Kafka's, one per line. The app's is the one
 * given to {@link Cli#version(String)}, else the {@code Implementation-Version} of the jar the app's code comes from
 * (the Maven jar plugin writes it with {@code addDefaultImplementationEntries}, as Mephisto's app parent does).
 */
final class Versions implements IVersionProvider {

    static final String UNKNOWN = "(version unknown)";
    private static final String MEPHISTO_VERSION = "dev/mephisto/mephisto-version.properties";
    private static final String KAFKA_VERSION = "kafka/kafka-version.properties";

    private final Supplier<String> appName;
    private final String appVersion;
    private final Class<?> appCode;

    Versions(Supplier<String> appName, String appVersion, Class<?> appCode) {
        this.appName = appName;
        this.appVersion = appVersion;
        this.appCode = appCode;
    }

    @Override
    public String[] getVersion() {
        return List.of(appName.get() + " " + app(), "Mephisto " + mephisto(), "Kafka " + kafka()).toArray(String[]::new);
    }

    String app() {
        if (appVersion != null) {
            return appVersion;
        }
        Package appPackage = appCode.getPackage();
        String fromJar = appPackage == null ? null : appPackage.getImplementationVersion();
        return fromJar == null ? UNKNOWN : fromJar;
    }

    static String mephisto() {
        return property(MEPHISTO_VERSION);
    }

    static String kafka() {
        return property(KAFKA_VERSION);
    }

    private static String property(String resource) {
        try (InputStream in = Versions.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", UNKNOWN).trim();
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
