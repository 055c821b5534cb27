package com.demozpay.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.app.BootFailure.Category;
import com.demozpay.gateway.app.BootFailure;
import com.demozpay.gateway.app.Main;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoTest {

    private static final Map<String, String> ANY_PORTS = Map.of(
            "GATEWAY_GRPC_PORT", "0", "GATEWAY_WEBHOOK_PORT", "0", "GATEWAY_ADMIN_PORT", "0");

    @ParameterizedTest
    @ValueSource(strings = {
            "postgres://gateway:secret@db.internal:5432/gateway",
            // a proxy or sidecar on this machine may lead anywhere: loopback proves nothing
            "postgres://postgres@127.0.0.1:5432/postgres",
            "postgres://postgres@localhost:6432/postgres"})
    void demoRefusesADatabaseItDidNotStartEvenOnLoopback(String url) throws BootFailure {
        // given
        Map<String, String> env = new HashMap<>(ANY_PORTS);
        env.put("GATEWAY_DATABASE_URL", url);

        // when
        int exit = Demo.run(List.of(), env);

        // then: a usage error before anything starts (no embedded database, no listener)
        assertThat(exit).isEqualTo(Main.USAGE_ERROR);
    }

    @Test
    void theDisposableDatabaseFlagIsTheOneWayToUseAnotherDatabase() {
        // given: a database the flag vouches for, where nothing listens
        List<String> args = List.of("--disposable-database", "postgres://postgres@127.0.0.1:1/postgres");

        // when / then: past the guard, the gateway tries that database and fails to boot on it
        assertThatThrownBy(() -> Demo.run(args, ANY_PORTS))
                .isInstanceOfSatisfying(BootFailure.class,
                        failure -> assertThat(failure.category()).isEqualTo(Category.DATABASE));
    }

    @Test
    void optionsReadTheWalkthroughAndTheDisposableDatabase() {
        assertThat(DemoOptions.parse(List.of())).isEqualTo(new DemoOptions(false, Optional.empty()));
        assertThat(DemoOptions.parse(List.of("--walkthrough", "--disposable-database", "postgres://h/db")))
                .isEqualTo(new DemoOptions(true, Optional.of("postgres://h/db")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--disposable-database", "--disposable-database --walkthrough", "--walkthrough --walkthrough",
            "--database-url postgres://h/db", "serve"})
    void anyOtherCommandLineIsAUsageError(String commandLine) throws BootFailure {
        assertThat(Demo.run(List.of(commandLine.split(" ")), ANY_PORTS)).isEqualTo(Main.USAGE_ERROR);
    }
}
