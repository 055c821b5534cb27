package com.demozpay.gateway.app.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A context built from PEM files as an operator mounts them, in a real handshake over loopback. */
class TlsContextsTest {

    @TempDir
    Path dir;

    @Test
    void contextFromPemFilesPresentsItsCertificateAndTrustsOnlyTheGivenCa() throws Exception {
        // given a server that requires a client certificate from clientCa
        TestPki serverCa = TestPki.authority("bank-ca");
        TestPki clientCa = TestPki.authority("clients-ca");
        TestPki.PemFiles client = clientCa.issueClient("demoz-gateway").writeTo(dir);
        SSLContext fromFiles = TlsContexts.of(
                Optional.of(TlsIdentity.of(PemFiles.certificates(Files.readString(client.certificate())),
                        PemFiles.privateKey(Files.readString(client.privateKey())))),
                Optional.of(PemFiles.certificates(Files.readString(serverCa.writeCertificateTo(dir)))));

        // when, then
        assertThat(handshake(serverCa.issueServer("bank").sslContext(clientCa), fromFiles)).isEqualTo("CN=demoz-gateway");
        TestPki stranger = TestPki.authority("stranger-ca");
        assertThatThrownBy(() -> handshake(stranger.issueServer("impostor").sslContext(clientCa), fromFiles))
                .isInstanceOf(SSLHandshakeException.class);
    }

    /** The client's name as the server saw it. */
    private static String handshake(SSLContext server, SSLContext client) throws Exception {
        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listening.setNeedClientAuth(true);
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listening.accept()) {
                    accepted.startHandshake();
                    return accepted.getSession().getPeerPrincipal().getName();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
                socket.startHandshake();
                socket.getOutputStream().write(1);
            }
            return seen.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void encryptedAndUnknownKeysAreRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> PemFiles.privateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nQUJD\n-----END ENCRYPTED PRIVATE KEY-----"))
                .hasMessageStartingWith("holds an encrypted key").hasMessageNotContaining("QUJD");
        assertThatThrownBy(() -> PemFiles.privateKey("-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----"))
                .hasMessage("holds a private key that is neither a PKCS#8 RSA nor EC key");
        assertThatThrownBy(() -> PemFiles.certificates("-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----"))
                .hasMessage("holds a PEM certificate that cannot be parsed");
    }
}
