package com.demozpay.gateway.adapter.grpc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for the gRPC server. The certificate chain (PEM, leaf first) and the private key (PEM, PKCS#8)
 * are read at start and again every {@code refreshEvery} when either file changed, so a rotated
 * certificate (cert-manager, a re-mounted Kubernetes secret) is served without a restart; a change
 * that cannot be read is logged and the previous certificate stays in use. With a client CA
 * (PEM), every client must present a certificate it issued: mutual TLS. The CA file is refreshed the
 * same way.
 *
 * @param certificateChain {@code GATEWAY_GRPC_TLS_CERT_FILE}
 * @param privateKey {@code GATEWAY_GRPC_TLS_KEY_FILE}
 * @param clientCa {@code GATEWAY_GRPC_TLS_CLIENT_CA_FILE}; empty: clients are not asked for a certificate
 * @param refreshEvery how often the files are checked for a change
 */
public record GrpcTls(Path certificateChain, Path privateKey, Optional<Path> clientCa, Duration refreshEvery) {

    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(1);

    public GrpcTls {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(clientCa, "clientCa");
        if (refreshEvery.isNegative() || refreshEvery.isZero()) {
            throw new IllegalArgumentException("the TLS refresh period must be positive");
        }
    }

    /** What the start log line says: {@code tls} or {@code mutual_tls}. */
    String mode() {
        return clientCa.isPresent() ? "mutual_tls" : "tls";
    }
}
