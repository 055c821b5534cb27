package com.demozpay.gateway.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class GatewayLogConfiguratorTest {

    private static final String CONFIGURATION_FILE = "logback.configurationFile";

    private final LoggerContext context = new LoggerContext();

    @Test
    void configuresWhatLogbackXmlUsedTo() {
        GatewayLogConfigurator.apply(context);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDOUT")).isInstanceOfSatisfying(ConsoleAppender.class, appender -> {
            assertThat(appender.getEncoder()).isInstanceOf(JsonLineEncoder.class);
            assertThat(appender.getTarget()).isEqualTo("System.out");
            assertThat(appender.isStarted()).isTrue();
        });
        assertThat(context.getLogger("io.grpc").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.flywaydb").getLevel()).isEqualTo(Level.WARN);
        Logger result = context.getLogger(GatewayLogConfigurator.RESULT_LOGGER);
        assertThat(result.getLevel()).isEqualTo(Level.INFO);
        assertThat(result.isAdditive()).isFalse();
        assertThat(result.getAppender("STDOUT")).isNotNull();
    }

    @Test
    void leavesTheContextToLogbackWhenALogbackFileIsNamed() {
        // An operator's own logback file, named as logback documents it, wins over the configuration in code.
        String before = System.getProperty(CONFIGURATION_FILE);
        System.setProperty(CONFIGURATION_FILE, "/etc/gateway/logback.xml");
        try {
            ExecutionStatus status = new GatewayLogConfigurator().configure(context);

            assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNull();
        } finally {
            if (before == null) {
                System.clearProperty(CONFIGURATION_FILE);
            } else {
                System.setProperty(CONFIGURATION_FILE, before);
            }
        }
    }
}
