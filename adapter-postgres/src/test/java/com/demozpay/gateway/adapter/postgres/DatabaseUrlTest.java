package com.demozpay.gateway.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    private static final String SECRET = "Sup3rSecretPw";

    @Test
    void postgresFormIsReadAsPgxReadsIt() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://gw%40ops:p%40ss%3Aw%2Fo+rd@db.internal:6432/gateway"
                + "?sslmode=verify-full&application_name=gateway+one&connect_timeout=7");

        assertThat(url.user()).isEqualTo("gw@ops");
        assertThat(url.password()).contains("p@ss:w/o+rd");
        assertThat(url.hosts()).containsExactly(new DatabaseUrl.Host("db.internal", 6432));
        assertThat(url.database()).isEqualTo("gateway");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/gateway");
        assertThat(url.properties()).isEqualTo(Map.of("sslmode", "verify-full", "ApplicationName", "gateway one",
                "connectTimeout", "7"));
    }

    @Test
    void postgresqlSchemeWithoutPortOrPasswordUsesPort5432() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://gw@localhost/gateway");

        assertThat(url.hosts()).containsExactly(new DatabaseUrl.Host("localhost", 5432));
        assertThat(url.password()).isEmpty();
        assertThat(url.properties()).isEmpty();
    }

    @Test
    void theDatabaseDefaultsToTheUserName() {
        assertThat(DatabaseUrl.parse("postgres://gw:pw@db").database()).isEqualTo("gw");
        assertThat(DatabaseUrl.parse("postgres://gw:pw@db/?sslmode=disable").database()).isEqualTo("gw");
    }

    @Test
    void severalHostsAndIpv6AddressesAreKeptInOrder() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://gw:pw@primary:5433,[::1]:5434,standby/gateway");

        assertThat(url.hosts()).containsExactly(new DatabaseUrl.Host("primary", 5433), new DatabaseUrl.Host("::1", 5434),
                new DatabaseUrl.Host("standby", 5432));
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://primary:5433,[::1]:5434,standby:5432/gateway");
    }

    @ParameterizedTest
    @ValueSource(strings = {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
    void everySslModeIsPassedToTheDriver(String mode) {
        assertThat(DatabaseUrl.parse("postgres://gw@db/gateway?sslmode=" + mode).properties())
                .containsEntry("sslmode", mode);
        assertThat(DatabaseUrl.parse("jdbc:postgresql://db/gateway?user=gw&sslmode=" + mode).properties())
                .containsEntry("sslmode", mode);
    }

    @Test
    void pgxParametersBecomeTheDriversProperties() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://db/gateway?user=gw&password=" + SECRET
                + "@1&target_session_attrs=read-write&search_path=gw&sslrootcert=/etc/ca.pem");

        assertThat(url.user()).isEqualTo("gw");
        assertThat(url.password()).contains(SECRET + "@1");
        assertThat(url.properties()).isEqualTo(Map.of("targetServerType", "primary", "currentSchema", "gw",
                "sslrootcert", "/etc/ca.pem"));
    }

    @Test
    void jdbcFormTakesUserAndPasswordFromItsParametersAndKeepsTheRest() {
        DatabaseUrl url = DatabaseUrl.parse(
                "jdbc:postgresql://127.0.0.1:5432/gateway?user=gw&password=s%26cret+1&sslmode=require&loggerLevel=OFF");

        assertThat(url.user()).isEqualTo("gw");
        assertThat(url.password()).contains("s&cret 1");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/gateway");
        assertThat(url.properties()).isEqualTo(Map.of("sslmode", "require", "loggerLevel", "OFF"));
    }

    @Test
    void toStringHidesThePasswordInBothForms() {
        DatabaseUrl pgx = DatabaseUrl.parse("postgres://gw:" + SECRET + "@db:5432/gateway?sslmode=require");
        DatabaseUrl jdbc = DatabaseUrl.parse("jdbc:postgresql://db/gateway?user=gw&password=" + SECRET);

        assertThat(pgx).hasToString("postgres://gw:***@db:5432/gateway?sslmode=require");
        assertThat(jdbc).hasToString("postgres://gw:***@db:5432/gateway");
    }

    @Test
    void problemsAreNamed() {
        assertRefused("", "database URL is empty");
        assertRefused("mysql://gw@db/gateway", "must start with postgres://, postgresql:// or jdbc:postgresql://");
        assertRefused("postgres://db/gateway", "must name a user");
        assertRefused("jdbc:postgresql://db/gateway", "must name a user");
        assertRefused("postgres://gw@/gateway", "must name a host");
        assertRefused("postgres://gw@db host/gateway", "invalid host name");
        assertRefused("postgres://gw@db:0/gateway", "port");
        assertRefused("postgres://gw@db/gateway?sslmode=sometimes", "sslmode must be one of disable, allow, prefer,"
                + " require, verify-ca, verify-full");
        assertRefused("postgres://gw@db/gateway?pool_max_conns=5", "unsupported parameter");
        assertRefused("postgres://gw@db/gateway?sslmode=require&sslmode=disable", "parameter twice");
        assertRefused("postgres://gw@db/gate/way", "'/' in its database name");
        assertRefused("jdbc:postgresql://gw:pw@db/gateway", "user= and password= parameters");
    }

    @Test
    void noErrorRepeatsAnyPartOfThePassword() {
        List<String> mangled = List.of(
                "postgres://gw:" + SECRET + "@db:port/gateway",
                "postgres://gw:Sup3r%zzSecretPw@db/gateway",
                "postgres://gw:Sup3rSe/cretPw@db/gateway",
                "postgres://gw:Sup3rSe?cretPw@db/gateway",
                "postgres://gw:Sup3rSe#cretPw@db/gateway",
                "postgres://gw@db/gateway?password=Sup3r&SecretPw",
                "postgres://gw@db/gateway?password=Sup3r&SecretPw=1",
                "postgres://gw@db/gateway?password=" + SECRET + "&sslmode=" + SECRET,
                "jdbc:postgresql://gw:" + SECRET + "@db/gateway",
                "postgres://gw:" + SECRET + "@db,/gateway");

        for (String url : mangled) {
            assertThatThrownBy(() -> DatabaseUrl.parse(url)).as(url).isInstanceOf(InvalidDatabaseUrlException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(fragmentsOf(SECRET)));
        }
    }

    private static void assertRefused(String url, String problem) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url)).as(url)
                .isInstanceOf(InvalidDatabaseUrlException.class).hasMessageContaining(problem);
    }

    /** Every five-character piece of {@code secret}: no error may show even part of it. */
    private static String[] fragmentsOf(String secret) {
        return IntStream.rangeClosed(0, secret.length() - 5).mapToObj(i -> secret.substring(i, i + 5))
                .toArray(String[]::new);
    }
}
