package com.demozpay.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.demozpay.gateway.testing.TestPki;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gRPC server over TLS, on a real loopback socket, with certificates issued by the test. */
class GrpcTlsTest {

    private static final Duration REFRESH = Duration.ofMillis(100);

    @TempDir
    Path dir;

    private final TestPki ca = TestPki.authority("gateway-test-ca");
    private GatewayHarness harness;
    private GrpcGatewayServer server;
    private TestPki.PemFiles serverFiles;

    @BeforeEach
    void issueServerCertificate() {
        harness = GatewayHarness.start();
        serverFiles = ca.issueServer("server").writeTo(dir);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
        harness.close();
    }

    @Test
    void clientTrustingTheCaGetsThroughAndAPlaintextClientIsRefused() throws IOException {
        // given
        server = start(new GrpcTls(serverFiles.certificate(), serverFiles.privateKey(), Optional.empty(), REFRESH));

        // when, then
        assertThat(healthCheck(tls(ca.writeCertificateTo(dir), null))).isNotNull();
        StatusRuntimeException plaintext = catchThrowableOfType(StatusRuntimeException.class,
                () -> healthCheck(InsecureChannelCredentials.create()));
        assertThat(plaintext.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void clientThatDoesNotTrustTheServersCaIsRefused() throws IOException {
        // given
        server = start(new GrpcTls(serverFiles.certificate(), serverFiles.privateKey(), Optional.empty(), REFRESH));
        Path otherCa = TestPki.authority("someone-else").writeCertificateTo(dir);

        // when
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> healthCheck(tls(otherCa, null)));

        // then
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void withAClientCaOnlyClientsPresentingACertificateItIssuedGetThrough() throws IOException {
        // given
        TestPki clientCa = TestPki.authority("platform-api-ca");
        server = start(new GrpcTls(serverFiles.certificate(), serverFiles.privateKey(),
                Optional.of(clientCa.writeCertificateTo(dir)), REFRESH));
        Path serverCa = ca.writeCertificateTo(dir);
        TestPki.PemFiles api = clientCa.issueClient("platform-api").writeTo(dir);
        TestPki.PemFiles stranger = TestPki.authority("stranger-ca").issueClient("stranger").writeTo(dir);

        // when, then
        assertThat(healthCheck(tls(serverCa, api))).isNotNull();
        assertThat(catchThrowableOfType(StatusRuntimeException.class, () -> healthCheck(tls(serverCa, null)))
                .getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(catchThrowableOfType(StatusRuntimeException.class, () -> healthCheck(tls(serverCa, stranger)))
                .getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aRotatedCertificateIsServedWithoutARestart() throws IOException {
        // given a server whose certificate the new CA did not issue
        server = start(new GrpcTls(serverFiles.certificate(), serverFiles.privateKey(), Optional.empty(), REFRESH));
        TestPki newCa = TestPki.authority("rotated-ca");
        Path newCaFile = newCa.writeCertificateTo(dir);
        assertThat(catchThrowableOfType(StatusRuntimeException.class, () -> healthCheck(tls(newCaFile, null))))
                .isNotNull();

        // when the mounted files are replaced, as a re-mounted secret replaces them
        TestPki.PemFiles rotated = newCa.issueServer("server-rotated").writeTo(Files.createDirectory(dir.resolve("new")));
        Files.copy(rotated.privateKey(), serverFiles.privateKey(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(rotated.certificate(), serverFiles.certificate(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        // then a new connection is served the new certificate, without a restart
        Instant deadline = Instant.now().plusSeconds(10);
        StatusRuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                assertThat(healthCheck(tls(newCaFile, null))).isNotNull();
                return;
            } catch (StatusRuntimeException notYet) {
                last = notYet;
                pause();
            }
        }
        throw new AssertionError("the rotated certificate was not served within 10s", last);
    }

    @Test
    void unusableKeyFailsTheStartAndBindsNothing() throws IOException {
        // given
        Files.writeString(serverFiles.privateKey(), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        GrpcServerSettings settings = GrpcServerSettings.of("127.0.0.1", port, Optional.empty());
        GrpcTls tls = new GrpcTls(serverFiles.certificate(), serverFiles.privateKey(), Optional.empty(), REFRESH);

        // when, then
        assertThatThrownBy(() -> GrpcGatewayServer.start(settings, Optional.of(tls), harness.service,
                new SimpleMeterRegistry()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("gRPC TLS certificate, key or client CA cannot be used");
        try (ServerSocket stillFree = new ServerSocket(port)) {
            assertThat(stillFree.getLocalPort()).isEqualTo(port);
        }
    }

    private GrpcGatewayServer start(GrpcTls tls) throws IOException {
        return GrpcGatewayServer.start(GrpcServerSettings.of("127.0.0.1", 0, Optional.empty()), Optional.of(tls),
                harness.service, new SimpleMeterRegistry());
    }

    private static ChannelCredentials tls(Path trustedCa, TestPki.PemFiles identity) throws IOException {
        TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder().trustManager(trustedCa.toFile());
        if (identity != null) {
            builder.keyManager(identity.certificate().toFile(), identity.privateKey().toFile());
        }
        return builder.build();
    }

    private HealthCheckResponse healthCheck(ChannelCredentials credentials) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), credentials).build();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
        } finally {
            channel.shutdownNow();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
