package com.demozpay.gateway.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's logging, set up in code: one JSON object per line ({@link JsonLineEncoder}) on standard
 * output, the root at {@code GATEWAY_LOG_LEVEL} (default INFO), the chatty libraries at WARN, and the
 * result line of {@code check-config} and {@code migrate} (logger {@code com.demozpay.gateway.result})
 * always printed, once. In code rather than in a logback.xml because reading XML loads ~400 classes
 * (the JDK's XML parser, logback's Joran) that stay resident for the process's life and cost boot time.
 * A {@code logback.configurationFile} property, a {@code logback-test.xml} or a {@code logback.xml} on the
 * class path still wins: logback then reads it as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class GatewayLogConfigurator extends ContextAwareBase implements Configurator {

    /** The logger of the commands' result line, printed at any level. */
    public static final String RESULT_LOGGER = "com.demozpay.gateway.result";
    private static final List<String> QUIET = List.of(
            "org.flywaydb", "com.zaxxer.hikari", "io.undertow", "org.xnio", "io.grpc", "io.zonky");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (anotherConfigurationGiven()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void apply(LoggerContext context) {
        context.getStatusManager().add(new NopStatusListener());

        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();

        QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        Logger result = context.getLogger(RESULT_LOGGER);
        result.setLevel(Level.INFO);
        result.setAdditive(false);
        result.addAppender(stdout);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(rootLevel().orElse("INFO"), Level.INFO));
        root.addAppender(stdout);
    }

    /** As logback's {@code ${GATEWAY_LOG_LEVEL:-INFO}} read it: a system property first, then the environment. */
    private static Optional<String> rootLevel() {
        return Optional.ofNullable(System.getProperty("GATEWAY_LOG_LEVEL"))
                .or(() -> Optional.ofNullable(System.getenv("GATEWAY_LOG_LEVEL")));
    }

    static boolean anotherConfigurationGiven() {
        ClassLoader loader = GatewayLogConfigurator.class.getClassLoader();
        return System.getProperty("logback.configurationFile") != null
                || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null;
    }
}
