package com.demozpay.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.postgres.DatabaseUrl;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "postgres://postgres@localhost:5432/postgres",
            "postgres://postgres@127.0.0.1:5432/postgres",
            "postgres://postgres@127.10.20.30/postgres",
            "postgres://postgres@[::1]:5432/postgres",
            "jdbc:postgresql://localhost:41234/postgres?user=postgres"})
    void demoAcceptsADatabaseOnThisMachine(String url) {
        assertThat(Demo.isLoopback(DatabaseUrl.parse(url))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "postgres://gateway:secret@db.internal:5432/gateway",
            "postgres://gateway@10.0.0.7:5432/gateway",
            "postgres://gateway@localhost.example.com/gateway",
            "postgres://gateway@127.0.0.1.example.com/gateway",
            "postgres://gateway@localhost,db.internal/gateway"})
    void demoRefusesADatabaseElsewhere(String url) {
        assertThat(Demo.isLoopback(DatabaseUrl.parse(url))).isFalse();
    }

    @Test
    void demoWithARemoteDatabaseIsAUsageErrorBeforeAnythingStarts() throws BootFailure {
        int exit = Demo.run(List.of(), Map.of("GATEWAY_DATABASE_URL", "postgres://gateway@db.internal:5432/gateway",
                "GATEWAY_GRPC_PORT", "0", "GATEWAY_WEBHOOK_PORT", "0", "GATEWAY_ADMIN_PORT", "0"));

        assertThat(exit).isEqualTo(Main.USAGE_ERROR);
    }
}
