package dev.mephisto.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.net.URL;

/**
 * Logback's configuration when the app brings none: logback finds this class as a service and runs it before its own
 * lookup. It steps aside, so logback configures itself the usual way, when {@code -Dlogback.configurationFile} is set
 * or a {@code logback-test.xml} or {@code logback.xml} is on the classpath; otherwise it applies
 * {@code dev/mephisto/logging/defaults.xml}: INFO on standard error,
 * {@code 12:00:01.234 INFO  WorkerEngine requestId=r-42 - message} (the request id only when there is one), Kafka
 * only when it warns, its known-harmless warnings dropped ({@link KnownHarmlessWarnings}).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class DefaultLogging extends ContextAwareBase implements Configurator {

    static final String CONFIGURATION = "dev/mephisto/logging/default-logback.xml";
    private static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = DefaultLogging.class.getClassLoader();
        if (System.getProperty(CONFIGURATION_FILE_PROPERTY) != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        URL defaults = loader.getResource(CONFIGURATION);
        if (defaults == null) {
            addWarn(CONFIGURATION + " is missing from the classpath; logback falls back to its own defaults");
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        try {
            joran.doConfigure(defaults);
        } catch (JoranException e) {
            addError("could not apply " + CONFIGURATION, e);
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
