package com.demozpay.gateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.ports.service.LeasePolicy;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    private static final String KEY = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String PASSWORD = "s3cret-pa55";

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_DATABASE_URL", "postgres://gateway:" + PASSWORD + "@db.internal:5432/gateway?sslmode=require");
        env.put("GATEWAY_DASHEN_BASE_URL", "https://api.dashen.example/");
        env.put("GATEWAY_DASHEN_SIGNING_KEY", KEY);
        return env;
    }

    @Test
    void minimalEnvironmentGetsTheContractDefaults() {
        GatewayConfig config = GatewayConfig.load(minimal());

        assertThat(config.ports()).isEqualTo(new GatewayConfig.Ports(50052, 50053, 9090));
        assertThat(config.webhookMaxBodyBytes()).isEqualTo(10240);
        assertThat(config.grpcAuthToken()).isEmpty();
        assertThat(config.dashenPreviousSigningKey()).isEmpty();
        assertThat(config.migrateOnBoot()).isTrue();
        assertThat(config.logLevel()).isEqualTo("INFO");
        assertThat(config.reconciler().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.dashen().insecureHttpAllowed()).isFalse();
    }

    @Test
    void theDailyStatementReconciliationIsOffUnlessGivenATimeOfDay() {
        Map<String, String> env = minimal();
        assertThat(GatewayConfig.load(env).statementReconcileAt()).isEmpty();

        env.put("GATEWAY_STATEMENT_RECONCILE_AT", "02:30");
        assertThat(GatewayConfig.load(env).statementReconcileAt()).contains(LocalTime.of(2, 30));
        env.put("GATEWAY_STATEMENT_RECONCILE_AT", "off");
        assertThat(GatewayConfig.load(env).statementReconcileAt()).isEmpty();
        for (String bad : new String[] {"24:00", "2:30", "02:30:00", "daily"}) {
            env.put("GATEWAY_STATEMENT_RECONCILE_AT", bad);
            assertThatThrownBy(() -> GatewayConfig.load(env))
                    .hasMessage("GATEWAY_STATEMENT_RECONCILE_AT must be HH:MM (UTC) or off");
        }
    }

    @Test
    void insecureHttpToTheBankIsAllowedOnlyByAnExplicitTrue() {
        Map<String, String> env = minimal();
        env.put("GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", "true");
        assertThat(GatewayConfig.load(env).dashen().insecureHttpAllowed()).isTrue();

        env.put("GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", "yes");
        assertThatThrownBy(() -> GatewayConfig.load(env))
                .hasMessage("GATEWAY_DASHEN_ALLOW_INSECURE_HTTP must be true or false");
    }

    @Test
    void everyMissingRequiredVariableIsReportedAtOnce() {
        assertThatThrownBy(() -> GatewayConfig.load(Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "GATEWAY_DATABASE_URL is required",
                        "GATEWAY_DASHEN_BASE_URL is required",
                        "GATEWAY_DASHEN_SIGNING_KEY is required"));
    }

    @Test
    void requiredVariableSetButEmptyIsNamedAsEmpty() {
        Map<String, String> env = minimal();
        env.put("GATEWAY_DASHEN_SIGNING_KEY", "  ");

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .hasMessage("GATEWAY_DASHEN_SIGNING_KEY is set but empty");
    }

    @Test
    void emptyAuthTokenIsAConfigErrorNotAuthSwitchedOff() {
        Map<String, String> env = minimal();
        env.put("GATEWAY_GRPC_AUTH_TOKEN", "");

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .hasMessage("GATEWAY_GRPC_AUTH_TOKEN is set but empty");
    }

    @Test
    void optionalVariablesSetButEmptyAreAllReported() {
        Map<String, String> env = minimal();
        env.put("GATEWAY_DASHEN_SIGNING_KEY_PREVIOUS", "");
        env.put("GATEWAY_GRPC_PORT", " ");
        env.put("GATEWAY_RECONCILE_INTERVAL", "");
        env.put("GATEWAY_MIGRATE_ON_BOOT", "");

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "GATEWAY_DASHEN_SIGNING_KEY_PREVIOUS is set but empty",
                        "GATEWAY_GRPC_PORT is set but empty",
                        "GATEWAY_RECONCILE_INTERVAL is set but empty",
                        "GATEWAY_MIGRATE_ON_BOOT is set but empty"));
    }

    @Test
    void missingRequiredVariableIsStillRequired() {
        Map<String, String> env = minimal();
        env.remove("GATEWAY_DASHEN_SIGNING_KEY");

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .hasMessage("GATEWAY_DASHEN_SIGNING_KEY is required");
    }

    @Test
    void malformedValuesAreNamedWithTheirRuleButNeverEchoed() {
        Map<String, String> env = minimal();
        env.put("GATEWAY_DASHEN_SIGNING_KEY", "whsec_not-base64-at-all!!");
        env.put("GATEWAY_GRPC_PORT", "70000");
        env.put("GATEWAY_RECONCILE_INTERVAL", "soon");
        env.put("GATEWAY_GRPC_AUTH_TOKEN", "short");
        env.put("GATEWAY_LOG_LEVEL", "LOUD");

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(5);
                    assertThat(e.problems().get(0)).startsWith("GATEWAY_DASHEN_SIGNING_KEY");
                    assertThat(e.problems()).contains(
                            "GATEWAY_GRPC_PORT must be a whole number from 0 to 65535",
                            "GATEWAY_RECONCILE_INTERVAL must be a duration like 500ms, 30s, 2m or 1h, from 100ms to 1h",
                            "GATEWAY_GRPC_AUTH_TOKEN must be at least 16 characters",
                            "GATEWAY_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR");
                    assertThat(e.getMessage()).doesNotContain("not-base64", "short", "soon", "LOUD");
                });
    }

    @Test
    void badDatabaseUrlIsReportedWithoutItsPassword() {
        Map<String, String> env = minimal();
        env.put("GATEWAY_DATABASE_URL", "mysql://gateway:" + PASSWORD + "@db.internal/gateway");

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GATEWAY_DATABASE_URL")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void portsMustDiffer() {
        Map<String, String> env = minimal();
        env.put("GATEWAY_WEBHOOK_PORT", "50052");

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .hasMessage("GATEWAY_GRPC_PORT, GATEWAY_WEBHOOK_PORT and GATEWAY_ADMIN_PORT must differ");
    }

    @Test
    void durationsAcceptEveryUnit() {
        Map<String, String> env = minimal();
        env.put("GATEWAY_DASHEN_REQUEST_TIMEOUT", "1500ms");
        env.put("GATEWAY_RECONCILE_INFLIGHT_AFTER", "3m");
        env.put("GATEWAY_RECONCILE_INITIATED_AFTER", "1h");
        env.put("GATEWAY_SHUTDOWN_GRACE", "5s");

        GatewayConfig config = GatewayConfig.load(env);

        assertThat(config.dashen().requestTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.reconciler().inFlightAfter()).isEqualTo(Duration.ofMinutes(3));
        assertThat(config.reconciler().initiatedAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void toStringNeverShowsSecrets() {
        Map<String, String> env = minimal();
        env.put("GATEWAY_GRPC_AUTH_TOKEN", "a-very-long-shared-token");

        String shown = GatewayConfig.load(env).toString();

        assertThat(shown).doesNotContain(PASSWORD, KEY, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "a-very-long-shared-token");
        assertThat(shown).contains("grpcAuth=on");
    }

    @Test
    void theLeaseMustOutlastOneCallToTheBank() {
        Map<String, String> env = minimal();
        env.put("GATEWAY_DASHEN_CONNECT_TIMEOUT", "2s");
        env.put("GATEWAY_DASHEN_REQUEST_TIMEOUT", "10s");
        env.put("GATEWAY_LEASE_DURATION", "17s");

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GATEWAY_LEASE_DURATION must be longer than");

        env.put("GATEWAY_LEASE_DURATION", "18s");
        assertThat(GatewayConfig.load(env).leasePolicy())
                .isEqualTo(new LeasePolicy(Duration.ofSeconds(18), Duration.ofSeconds(17)));
    }

    @Test
    void theOldNameOfTheLeaseDurationIsRefusedWithItsNewName() {
        Map<String, String> env = minimal();
        env.put("GATEWAY_RECONCILE_CLAIM_FOR", "2m");

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_RECONCILE_CLAIM_FOR is now GATEWAY_LEASE_DURATION");
    }

    @Test
    void statusRefreshesLeaveTheReconcilerAndSubmitsConnectionsOfTheirOwn() {
        Map<String, String> env = minimal();
        env.put("GATEWAY_DASHEN_MAX_CONNECTIONS", "6");
        env.put("GATEWAY_STATUS_REFRESH_MAX_IN_FLIGHT", "5");

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GATEWAY_STATUS_REFRESH_MAX_IN_FLIGHT must be at most");

        env.put("GATEWAY_STATUS_REFRESH_MAX_IN_FLIGHT", "4");
        assertThat(GatewayConfig.load(env).dashen().maxRefreshes()).isEqualTo(4);
    }

    @Test
    void resubmitsAreBoundedByDefaultAndConfigurable() {
        Map<String, String> env = minimal();
        assertThat(GatewayConfig.load(env).reconciler().maxResubmits()).isEqualTo(5);

        env.put("GATEWAY_RECONCILE_MAX_RESUBMITS", "2");
        assertThat(GatewayConfig.load(env).reconciler().maxResubmits()).isEqualTo(2);
    }
}
