package com.demozpay.gateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.adapter.grpc.GrpcTls;
import com.demozpay.gateway.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS variables: PEM files checked at load, every problem naming its variable and path. */
class TlsConfigTest {

    @TempDir
    Path dir;

    private final TestPki ca = TestPki.authority("test-ca");

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_DATABASE_URL", "postgres://gateway@db.internal:5432/gateway");
        env.put("GATEWAY_DASHEN_BASE_URL", "https://api.dashen.example/");
        env.put("GATEWAY_DASHEN_SIGNING_KEY", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        return env;
    }

    @Test
    void withoutTlsVariablesEveryConnectionIsAsBefore() {
        assertThat(GatewayConfig.load(minimal()).tls()).isEqualTo(GatewayConfig.Tls.NONE);
    }

    @Test
    void grpcCertificateKeyAndClientCaAreCheckedAndKeptAsPathsForReloading() {
        // given
        TestPki.PemFiles server = ca.issueServer("gateway").writeTo(dir);
        Path clientCa = TestPki.authority("api-ca").writeCertificateTo(dir);
        Map<String, String> env = minimal();
        env.put("GATEWAY_GRPC_TLS_CERT_FILE", server.certificate().toString());
        env.put("GATEWAY_GRPC_TLS_KEY_FILE", server.privateKey().toString());
        env.put("GATEWAY_GRPC_TLS_CLIENT_CA_FILE", clientCa.toString());
        env.put("GATEWAY_GRPC_TLS_REFRESH", "30s");

        // when
        GatewayConfig config = GatewayConfig.load(env);

        // then
        assertThat(config.tls().grpc()).contains(new GrpcTls(server.certificate(), server.privateKey(),
                Optional.of(clientCa), Duration.ofSeconds(30)));
        assertThat(config.toString()).contains("grpcTls=mutual");
    }

    @Test
    void certificateWithoutKeyIsAConfigError() {
        TestPki.PemFiles server = ca.issueServer("gateway").writeTo(dir);
        Map<String, String> env = minimal();
        env.put("GATEWAY_GRPC_TLS_CERT_FILE", server.certificate().toString());

        assertThatThrownBy(() -> GatewayConfig.load(env))
                .hasMessage("GATEWAY_GRPC_TLS_CERT_FILE and GATEWAY_GRPC_TLS_KEY_FILE must be set together");
    }

    @Test
    void clientCaWithoutAServerCertificateIsAConfigError() {
        Map<String, String> env = minimal();
        env.put("GATEWAY_GRPC_TLS_CLIENT_CA_FILE", ca.writeCertificateTo(dir).toString());

        assertThatThrownBy(() -> GatewayConfig.load(env)).hasMessage(
                "GATEWAY_GRPC_TLS_CLIENT_CA_FILE needs GATEWAY_GRPC_TLS_CERT_FILE and GATEWAY_GRPC_TLS_KEY_FILE");
    }

    @Test
    void unusableFilesAreNamedWithTheirVariableAndPathButNeverQuoted() throws IOException {
        // given a certificate file that holds none, a PKCS#1 key, and a missing CA bundle
        String secretLooking = "MIIEowIBAAKCAQEAsecretkeymaterial";
        Path notACertificate = Files.writeString(dir.resolve("cert.pem"), "hello\n");
        Path pkcs1 = Files.writeString(dir.resolve("key.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\n" + secretLooking + "\n-----END RSA PRIVATE KEY-----\n");
        Path missing = dir.resolve("bank-ca.pem");
        Map<String, String> env = minimal();
        env.put("GATEWAY_DASHEN_TLS_CLIENT_CERT_FILE", notACertificate.toString());
        env.put("GATEWAY_DASHEN_TLS_CLIENT_KEY_FILE", pkcs1.toString());
        env.put("GATEWAY_DASHEN_TLS_CA_FILE", missing.toString());

        // when, then
        assertThatThrownBy(() -> GatewayConfig.load(env))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).containsExactly(
                            "GATEWAY_DASHEN_TLS_CLIENT_CERT_FILE: " + notACertificate
                                    + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                            "GATEWAY_DASHEN_TLS_CLIENT_KEY_FILE: " + pkcs1 + " holds a PKCS#1 or SEC1 key, not PKCS#8; "
                                    + "convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem",
                            "GATEWAY_DASHEN_TLS_CA_FILE: " + missing + " does not exist");
                    assertThat(e.getMessage()).doesNotContain(secretLooking, "hello");
                });
    }

    @Test
    void keyOfAnotherCertificateIsAConfigError() {
        TestPki.PemFiles server = ca.issueServer("gateway").writeTo(dir);
        TestPki.PemFiles other = ca.issueServer("other").writeTo(dir);
        Map<String, String> env = minimal();
        env.put("GATEWAY_GRPC_TLS_CERT_FILE", server.certificate().toString());
        env.put("GATEWAY_GRPC_TLS_KEY_FILE", other.privateKey().toString());

        assertThatThrownBy(() -> GatewayConfig.load(env)).hasMessage("GATEWAY_GRPC_TLS_KEY_FILE: " + other.privateKey()
                + " holds a private key that does not belong to the certificate in GATEWAY_GRPC_TLS_CERT_FILE");
    }

    @Test
    void bankClientCertificateAndCaBundleAreLoaded() {
        TestPki.PemFiles client = ca.issueClient("demoz-gateway").writeTo(dir);
        Map<String, String> env = minimal();
        env.put("GATEWAY_DASHEN_TLS_CLIENT_CERT_FILE", client.certificate().toString());
        env.put("GATEWAY_DASHEN_TLS_CLIENT_KEY_FILE", client.privateKey().toString());
        env.put("GATEWAY_DASHEN_TLS_CA_FILE", ca.writeCertificateTo(dir).toString());

        GatewayConfig.Tls tls = GatewayConfig.load(env).tls();

        assertThat(tls.dashenClient()).hasValueSatisfying(identity -> {
            assertThat(identity.chain()).hasSize(2);
            assertThat(identity.toString()).isEqualTo("TlsIdentity[CN=demoz-gateway]");
        });
        assertThat(tls.dashenCa()).hasValueSatisfying(bundle -> assertThat(bundle).containsExactly(ca.certificate()));
    }

    @Test
    void webhookCertificateAndKeyAreLoadedTogether() {
        TestPki.PemFiles webhook = ca.issueServer("webhook").writeTo(dir);
        Map<String, String> env = minimal();
        env.put("GATEWAY_WEBHOOK_TLS_CERT_FILE", webhook.certificate().toString());
        env.put("GATEWAY_WEBHOOK_TLS_KEY_FILE", webhook.privateKey().toString());

        assertThat(GatewayConfig.load(env).tls().webhook()).hasValueSatisfying(
                identity -> assertThat(identity.chain().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=webhook"));

        env.remove("GATEWAY_WEBHOOK_TLS_CERT_FILE");
        assertThatThrownBy(() -> GatewayConfig.load(env))
                .hasMessage("GATEWAY_WEBHOOK_TLS_CERT_FILE and GATEWAY_WEBHOOK_TLS_KEY_FILE must be set together");
    }

    @Test
    void bankTlsFilesWithAPlainHttpBaseUrlAreAConfigError() {
        Map<String, String> env = minimal();
        env.put("GATEWAY_DASHEN_BASE_URL", "http://127.0.0.1:8080");
        env.put("GATEWAY_DASHEN_TLS_CA_FILE", ca.writeCertificateTo(dir).toString());

        assertThatThrownBy(() -> GatewayConfig.load(env)).hasMessage("GATEWAY_DASHEN_TLS_CLIENT_CERT_FILE, "
                + "GATEWAY_DASHEN_TLS_CLIENT_KEY_FILE and GATEWAY_DASHEN_TLS_CA_FILE apply only to an https "
                + "GATEWAY_DASHEN_BASE_URL");
    }
}
