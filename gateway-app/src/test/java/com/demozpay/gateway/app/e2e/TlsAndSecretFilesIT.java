package com.demozpay.gateway.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.demozpay.gateway.adapter.postgres.TestDatabase;
import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import com.demozpay.gateway.api.v1.GetStatusRequest;
import com.demozpay.gateway.testing.TestPki;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway as a Kubernetes pod with mounted secrets runs it: every secret from a file,
 * gRPC and the webhook over TLS with certificates issued by the test.
 */
class TlsAndSecretFilesIT {

    private static final String TOKEN = "token-" + UUID.randomUUID();
    private static final String KEY = SigningKeys.random();
    private static final TestPki CA = TestPki.authority("e2e-ca");

    @TempDir
    static Path dir;

    private static TestDatabase database;
    private static GatewayProcess gateway;
    private static int grpcPort;
    private static int webhookPort;

    @BeforeAll
    static void startWithSecretFilesAndTls() throws IOException {
        database = TestDatabase.create();
        TestPki.PemFiles grpcFiles = CA.issueServer("grpc").writeTo(dir);
        TestPki.PemFiles webhookFiles = CA.issueServer("webhook").writeTo(dir);
        grpcPort = FreePorts.pick();
        webhookPort = FreePorts.pick();
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_DATABASE_URL_FILE", write("database-url", database.postgresConnectionString() + "\n"));
        env.put("GATEWAY_DASHEN_SIGNING_KEY_FILE", write("signing-key", KEY + "\n"));
        env.put("GATEWAY_GRPC_AUTH_TOKEN_FILE", write("grpc-token", TOKEN + "\n"));
        env.put("GATEWAY_DASHEN_BASE_URL", "https://127.0.0.1:1/");
        env.put("GATEWAY_DASHEN_TLS_CA_FILE", CA.writeCertificateTo(dir).toString());
        env.put("GATEWAY_GRPC_TLS_CERT_FILE", grpcFiles.certificate().toString());
        env.put("GATEWAY_GRPC_TLS_KEY_FILE", grpcFiles.privateKey().toString());
        env.put("GATEWAY_WEBHOOK_TLS_CERT_FILE", webhookFiles.certificate().toString());
        env.put("GATEWAY_WEBHOOK_TLS_KEY_FILE", webhookFiles.privateKey().toString());
        env.put("GATEWAY_GRPC_PORT", String.valueOf(grpcPort));
        env.put("GATEWAY_WEBHOOK_PORT", String.valueOf(webhookPort));
        env.put("GATEWAY_ADMIN_PORT", String.valueOf(FreePorts.pick()));
        gateway = GatewayProcess.start(env);
        gateway.awaitStarted(GatewayFixture.BOOT_LIMIT);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
            assertThat(gateway.output()).doesNotContain(TOKEN, KEY, KEY.substring("whsec_".length()));
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void grpcClientTrustingTheCaIsServedWithTheTokenFromTheFile() throws IOException {
        ChannelCredentials tls = TlsChannelCredentials.newBuilder().trustManager(CA.writeCertificateTo(dir).toFile()).build();

        StatusRuntimeException withToken = getStatus(tls, TOKEN);
        StatusRuntimeException withoutToken = getStatus(tls, "not-the-token-from-the-file");

        assertThat(withToken.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(withoutToken.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void plaintextGrpcClientIsRefused() {
        assertThat(getStatus(InsecureChannelCredentials.create(), TOKEN).getStatus().getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void bankReachesTheWebhookOverHttpsOnly() throws Exception {
        HttpRequest.Builder unsigned = HttpRequest.newBuilder().timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        HttpClient bank = HttpClient.newBuilder().sslContext(CA.trustingContext()).build();

        HttpResponse<String> answer = bank.send(unsigned.uri(webhook("https")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(catchThrowableOfType(IOException.class, () -> HttpClient.newHttpClient()
                .send(unsigned.uri(webhook("http")).build(), HttpResponse.BodyHandlers.ofString()))).isNotNull();
    }

    private static StatusRuntimeException getStatus(ChannelCredentials credentials, String token) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort, credentials).build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        try {
            return catchThrowableOfType(StatusRuntimeException.class, () -> DisbursementGatewayGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getStatus(GetStatusRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));
        } finally {
            channel.shutdownNow();
        }
    }

    private static URI webhook(String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + webhookPort + "/webhooks/dashen");
    }

    private static String write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content).toString();
    }
}
