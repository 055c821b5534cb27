package com.demozpay.gateway.app.config;

import com.demozpay.gateway.adapter.grpc.GrpcTls;
import com.demozpay.gateway.app.tls.InvalidTlsFileException;
import com.demozpay.gateway.app.tls.PemFiles;
import com.demozpay.gateway.app.tls.TlsIdentity;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The TLS variables: paths to PEM files, each file read and checked at load time so that a
 * certificate that cannot be used stops the boot with a line naming its variable and path (never
 * the file's content). Certificate and key are set together or not at all.
 */
final class TlsVariables {

    static final String GRPC_CERT = "GATEWAY_GRPC_TLS_CERT_FILE";
    static final String GRPC_KEY = "GATEWAY_GRPC_TLS_KEY_FILE";
    static final String GRPC_CLIENT_CA = "GATEWAY_GRPC_TLS_CLIENT_CA_FILE";
    static final String GRPC_REFRESH = "GATEWAY_GRPC_TLS_REFRESH";
    static final String DASHEN_CERT = "GATEWAY_DASHEN_TLS_CLIENT_CERT_FILE";
    static final String DASHEN_KEY = "GATEWAY_DASHEN_TLS_CLIENT_KEY_FILE";
    static final String DASHEN_CA = "GATEWAY_DASHEN_TLS_CA_FILE";
    static final String WEBHOOK_CERT = "GATEWAY_WEBHOOK_TLS_CERT_FILE";
    static final String WEBHOOK_KEY = "GATEWAY_WEBHOOK_TLS_KEY_FILE";

    private final Environment env;

    private TlsVariables(Environment env) {
        this.env = env;
    }

    static GatewayConfig.Tls load(Environment env, String dashenBaseUrl) {
        TlsVariables tls = new TlsVariables(env);
        Optional<GrpcTls> grpc = tls.grpc();
        Optional<Path> dashenCert = tls.path(DASHEN_CERT);
        Optional<Path> dashenKey = tls.path(DASHEN_KEY);
        Optional<Path> dashenCaFile = tls.path(DASHEN_CA);
        Optional<TlsIdentity> dashenClient = tls.identity(DASHEN_CERT, dashenCert, DASHEN_KEY, dashenKey);
        Optional<List<X509Certificate>> dashenCa = dashenCaFile.flatMap(path -> tls.certificates(DASHEN_CA, path));
        boolean dashenTlsSet = Stream.of(dashenCert, dashenKey, dashenCaFile).anyMatch(Optional::isPresent);
        if (dashenTlsSet && dashenBaseUrl != null && !dashenBaseUrl.strip().toLowerCase(Locale.ROOT).startsWith("https://")) {
            env.problem(DASHEN_CERT + ", " + DASHEN_KEY + " and " + DASHEN_CA
                    + " apply only to an https GATEWAY_DASHEN_BASE_URL");
        }
        Optional<TlsIdentity> webhook = tls.identity(WEBHOOK_CERT, tls.path(WEBHOOK_CERT), WEBHOOK_KEY,
                tls.path(WEBHOOK_KEY));
        return new GatewayConfig.Tls(grpc, dashenClient, dashenCa, webhook);
    }

    private Optional<GrpcTls> grpc() {
        Duration refresh = env.duration(GRPC_REFRESH, GrpcTls.DEFAULT_REFRESH, Duration.ofSeconds(1), Duration.ofHours(1));
        Optional<Path> cert = path(GRPC_CERT);
        Optional<Path> key = path(GRPC_KEY);
        Optional<Path> clientCa = path(GRPC_CLIENT_CA);
        boolean clientCaUsable = clientCa.flatMap(path -> certificates(GRPC_CLIENT_CA, path)).isPresent();
        if (clientCa.isPresent() && cert.isEmpty()) {
            env.problem(GRPC_CLIENT_CA + " needs " + GRPC_CERT + " and " + GRPC_KEY);
        }
        Optional<TlsIdentity> identity = identity(GRPC_CERT, cert, GRPC_KEY, key);
        if (identity.isEmpty() || (clientCa.isPresent() && !clientCaUsable)) {
            return Optional.empty();
        }
        // The server re-reads the files itself (to pick up a rotation); here they are only checked.
        return Optional.of(new GrpcTls(cert.get(), key.get(), clientCa, refresh));
    }

    /** A certificate chain and its key from two variables set together, checked to belong together. */
    private Optional<TlsIdentity> identity(String certVariable, Optional<Path> certPath, String keyVariable,
            Optional<Path> keyPath) {
        if (certPath.isPresent() != keyPath.isPresent()) {
            env.problem(certVariable + " and " + keyVariable + " must be set together");
            return Optional.empty();
        }
        if (certPath.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<X509Certificate>> chain = certificates(certVariable, certPath.get());
        chain.ifPresent(certificates -> requireValidNow(certVariable, certPath.get(), certificates.get(0)));
        Optional<PrivateKey> key = text(keyVariable, keyPath.get()).flatMap(pem -> {
            try {
                return Optional.of(PemFiles.privateKey(pem));
            } catch (InvalidTlsFileException e) {
                env.problem(keyVariable + ": " + keyPath.get() + " " + e.getMessage());
                return Optional.empty();
            }
        });
        if (chain.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TlsIdentity.of(chain.get(), key.get()));
        } catch (InvalidTlsFileException e) {
            env.problem(keyVariable + ": " + keyPath.get() + " " + e.getMessage() + " in " + certVariable);
            return Optional.empty();
        }
    }

    private Optional<List<X509Certificate>> certificates(String variable, Path path) {
        return text(variable, path).flatMap(pem -> {
            try {
                return Optional.of(PemFiles.certificates(pem));
            } catch (InvalidTlsFileException e) {
                env.problem(variable + ": " + path + " " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    private void requireValidNow(String variable, Path path, X509Certificate leaf) {
        try {
            leaf.checkValidity();
        } catch (CertificateException e) {
            env.problem(variable + ": " + path + " holds a certificate valid only from " + leaf.getNotBefore().toInstant()
                    + " to " + leaf.getNotAfter().toInstant());
        }
    }

    private Optional<Path> path(String variable) {
        return env.optional(variable).flatMap(text -> SecretFiles.path(variable, text, env::problem));
    }

    private Optional<String> text(String variable, Path path) {
        return SecretFiles.read(path, problem -> env.problem(variable + ": " + problem));
    }
}
