package com.demozpay.gateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every secret variable may come from a file named by {@code <NAME>_FILE}, as Kubernetes mounts secrets. */
class SecretFilesConfigTest {

    private static final String KEY = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String PREVIOUS_KEY = "whsec_b2xkLWtleS1vbGQta2V5LW9sZC1rZXktMTIz";
    private static final String PASSWORD = "file-pa55-" + "x9";
    private static final String DATABASE_URL = "postgres://gateway:" + PASSWORD + "@db.internal:5432/gateway";
    private static final String TOKEN = "a-token-from-a-mounted-secret";

    @TempDir
    Path dir;

    private static Map<String, String> withoutSecrets() {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_DASHEN_BASE_URL", "https://api.dashen.example/");
        return env;
    }

    @Test
    void everySecretIsReadFromItsFileLessOneTrailingNewline() throws IOException {
        Map<String, String> env = withoutSecrets();
        env.put("GATEWAY_DATABASE_URL_FILE", write("db-url", DATABASE_URL + "\n"));
        env.put("GATEWAY_DASHEN_SIGNING_KEY_FILE", write("key", KEY + "\r\n"));
        env.put("GATEWAY_DASHEN_SIGNING_KEY_PREVIOUS_FILE", write("previous", PREVIOUS_KEY));
        env.put("GATEWAY_GRPC_AUTH_TOKEN_FILE", write("token", TOKEN + "\n"));

        GatewayConfig config = GatewayConfig.load(env);

        assertThat(config.grpcAuthToken()).contains(TOKEN);
        assertThat(config.databaseUrl().user()).isEqualTo("gateway");
        assertThat(config.dashenSigningKey()).isNotNull();
        assertThat(config.dashenPreviousSigningKey()).isPresent();
    }

    @Test
    void aTokenFromAFileKeepsEverythingButTheLastNewline() throws IOException {
        Map<String, String> env = withoutSecrets();
        env.put("GATEWAY_DATABASE_URL", DATABASE_URL);
        env.put("GATEWAY_DASHEN_SIGNING_KEY", KEY);
        env.put("GATEWAY_GRPC_AUTH_TOKEN_FILE", write("token", TOKEN + " \n\n"));

        assertThat(GatewayConfig.load(env).grpcAuthToken()).contains(TOKEN + " \n");
    }

    @Test
    void variableAndItsFileBothSetIsAConfigError() throws IOException {
        Map<String, String> env = withoutSecrets();
        env.put("GATEWAY_DATABASE_URL", DATABASE_URL);
        env.put("GATEWAY_DASHEN_SIGNING_KEY", KEY);
        env.put("GATEWAY_DASHEN_SIGNING_KEY_FILE", write("key", KEY));

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .hasMessage("GATEWAY_DASHEN_SIGNING_KEY and GATEWAY_DASHEN_SIGNING_KEY_FILE are both set; set only one");
    }

    @Test
    void missingUnreadableAndEmptyFilesAreNamedWithVariableAndPathButNoContent() throws IOException {
        Map<String, String> env = withoutSecrets();
        Path missing = dir.resolve("no-such-file");
        String unreadable = write("unreadable", DATABASE_URL);
        Files.setPosixFilePermissions(Path.of(unreadable), PosixFilePermissions.fromString("---------"));
        String empty = write("empty", "\n");
        env.put("GATEWAY_DASHEN_SIGNING_KEY_FILE", missing.toString());
        env.put("GATEWAY_DATABASE_URL_FILE", unreadable);
        env.put("GATEWAY_GRPC_AUTH_TOKEN_FILE", empty);
        boolean runsAsRoot = Files.isReadable(Path.of(unreadable));

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).contains(
                            "GATEWAY_DASHEN_SIGNING_KEY_FILE: " + missing + " does not exist",
                            "GATEWAY_GRPC_AUTH_TOKEN_FILE: " + empty + " is empty");
                    if (!runsAsRoot) {
                        assertThat(e.problems()).contains(
                                "GATEWAY_DATABASE_URL_FILE: " + unreadable + " is not readable (permission denied)");
                    }
                    assertThat(e.getMessage()).doesNotContain(PASSWORD);
                });
    }

    @Test
    void aDirectoryInsteadOfAFileIsNamed() {
        Map<String, String> env = withoutSecrets();
        env.put("GATEWAY_DATABASE_URL", DATABASE_URL);
        env.put("GATEWAY_DASHEN_SIGNING_KEY_FILE", dir.toString());

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .hasMessageStartingWith("GATEWAY_DASHEN_SIGNING_KEY_FILE: cannot read " + dir);
    }

    @Test
    void fileVariableSetButEmptyIsAConfigError() {
        Map<String, String> env = withoutSecrets();
        env.put("GATEWAY_DATABASE_URL", DATABASE_URL);
        env.put("GATEWAY_DASHEN_SIGNING_KEY_FILE", " ");

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .hasMessage("GATEWAY_DASHEN_SIGNING_KEY_FILE is set but empty");
    }

    @Test
    void malformedSecretFromAFileIsReportedUnderItsVariableWithoutItsContent() throws IOException {
        Map<String, String> env = withoutSecrets();
        env.put("GATEWAY_DATABASE_URL_FILE", write("db-url", "mysql://gateway:" + PASSWORD + "@db/gateway\n"));
        env.put("GATEWAY_DASHEN_SIGNING_KEY", KEY);
        env.put("GATEWAY_GRPC_AUTH_TOKEN_FILE", write("token", "short"));

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.problems().get(0)).startsWith("GATEWAY_DATABASE_URL: ");
                    assertThat(e.problems().get(1)).isEqualTo("GATEWAY_GRPC_AUTH_TOKEN must be at least 16 characters");
                    assertThat(e.getMessage()).doesNotContain(PASSWORD, "short");
                });
    }

    @Test
    void oversizedFileIsRefusedUnread() throws IOException {
        Map<String, String> env = withoutSecrets();
        env.put("GATEWAY_DATABASE_URL", DATABASE_URL);
        env.put("GATEWAY_DASHEN_SIGNING_KEY_FILE", write("huge", "k".repeat(SecretFiles.MAX_BYTES + 1)));

        assertThatThrownBy(() -> GatewayConfig.load(env)).hasMessageEndingWith(
                "huge is larger than " + SecretFiles.MAX_BYTES + " bytes");
    }

    private String write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content).toString();
    }
}
