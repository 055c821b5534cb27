package com.demozpay.gateway.adapter.grpc;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.CertificateUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's credentials and, with TLS, the one thread that re-reads the certificate files when
 * they change; closed with the server. The files are read once before the server binds, so a
 * certificate that cannot be used fails the start instead of every handshake. A change is applied
 * only once the files read and the key belongs to the certificate: a rotation caught half-written
 * is retried at the next check while the previous certificate stays in use. (grpc-java's own file
 * refresh does the same but checks at most once a minute and logs through java.util.logging.)
 */
final class GrpcTlsCredentials implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GrpcTlsCredentials.class);
    private static final byte[] PROBE = "key belongs to certificate".getBytes(StandardCharsets.US_ASCII);

    private final ServerCredentials credentials;
    private final GrpcTls settings;
    private final AdvancedTlsX509KeyManager keys;
    private final AdvancedTlsX509TrustManager clientCa;
    private final ScheduledExecutorService refresher;
    private List<Long> appliedStamps;

    private GrpcTlsCredentials(ServerCredentials credentials, GrpcTls settings, AdvancedTlsX509KeyManager keys,
            AdvancedTlsX509TrustManager clientCa, ScheduledExecutorService refresher) {
        this.credentials = credentials;
        this.settings = settings;
        this.keys = keys;
        this.clientCa = clientCa;
        this.refresher = refresher;
    }

    static GrpcTlsCredentials open(Optional<GrpcTls> tls) throws IOException {
        if (tls.isEmpty()) {
            return new GrpcTlsCredentials(InsecureServerCredentials.create(), null, null, null, null);
        }
        GrpcTls settings = tls.get();
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "grpc-tls-refresh");
            thread.setDaemon(true);
            return thread;
        });
        try {
            AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
            TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder().keyManager(keys);
            AdvancedTlsX509TrustManager clientCa = null;
            if (settings.clientCa().isPresent()) {
                clientCa = AdvancedTlsX509TrustManager.newBuilder()
                        .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                        .build();
                builder.trustManager(clientCa).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
            }
            GrpcTlsCredentials opened = new GrpcTlsCredentials(builder.build(), settings, keys, clientCa, refresher);
            opened.load();
            long period = settings.refreshEvery().toMillis();
            refresher.scheduleWithFixedDelay(opened::refresh, period, period, TimeUnit.MILLISECONDS);
            return opened;
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            refresher.shutdownNow();
            throw new IOException("gRPC TLS certificate, key or client CA cannot be used: " + e.getMessage(), e);
        }
    }

    ServerCredentials credentials() {
        return credentials;
    }

    /** Reads every file and puts what it holds in use; on failure, nothing changes. */
    private void load() throws IOException, GeneralSecurityException {
        List<Long> stamps = stamps();
        X509Certificate[] chain = certificates(settings.certificateChain());
        PrivateKey key;
        try (InputStream in = Files.newInputStream(settings.privateKey())) {
            key = CertificateUtils.getPrivateKey(in);
        }
        requireBelongsTo(key, chain[0]);
        X509Certificate[] trusted = clientCa == null ? null : certificates(settings.clientCa().orElseThrow());
        keys.updateIdentityCredentials(chain, key);
        if (clientCa != null) {
            clientCa.updateTrustCredentials(trusted);
        }
        appliedStamps = stamps;
    }

    private void refresh() {
        try {
            if (stamps().equals(appliedStamps)) {
                return;
            }
            load();
            log.atInfo().setMessage("grpc tls reloaded").addKeyValue("cert_file", settings.certificateChain()).log();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log.atWarn().setMessage("grpc tls reload failed")
                    .addKeyValue("cert_file", settings.certificateChain())
                    .addKeyValue("err", e.getMessage())
                    .log();
        }
    }

    private List<Long> stamps() throws IOException {
        List<Long> stamps = new ArrayList<>();
        stamps.add(Files.getLastModifiedTime(settings.certificateChain()).toMillis());
        stamps.add(Files.getLastModifiedTime(settings.privateKey()).toMillis());
        if (settings.clientCa().isPresent()) {
            stamps.add(Files.getLastModifiedTime(settings.clientCa().get()).toMillis());
        }
        return stamps;
    }

    private static X509Certificate[] certificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            X509Certificate[] certificates = CertificateUtils.getX509Certificates(in);
            if (certificates.length == 0) {
                throw new GeneralSecurityException(file + " holds no PEM certificate");
            }
            return certificates;
        }
    }

    private static void requireBelongsTo(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA");
        signature.initSign(key);
        signature.update(PROBE);
        byte[] signed = signature.sign();
        signature.initVerify(certificate.getPublicKey());
        signature.update(PROBE);
        if (!signature.verify(signed)) {
            throw new GeneralSecurityException("the private key does not belong to the certificate");
        }
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}
