package com.demozpay.gateway.adapter.grpc;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the gRPC server listens.
 *
 * @param host the address to bind ({@code 0.0.0.0} for every interface, {@code 127.0.0.1} in tests)
 * @param port the port to bind; 0 picks a free one ({@link GrpcGatewayServer#port()} tells which)
 * @param authToken {@code GATEWAY_GRPC_AUTH_TOKEN}: when present, every call but health needs it as a bearer token
 * @param maxInboundMessageBytes larger requests are refused with RESOURCE_EXHAUSTED before they are parsed
 * @param shutdownGrace how long {@link GrpcGatewayServer#shutdown()} lets calls in flight finish
 */
public record GrpcServerSettings(String host, int port, Optional<String> authToken, int maxInboundMessageBytes,
        Duration shutdownGrace) {

    /** A request is a few hundred bytes; anything near this is not one of ours. */
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 64 * 1024;
    /** Long enough for a call that is waiting on the bank to get its answer. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(20);

    public GrpcServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(authToken, "authToken");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535");
        }
        if (authToken.isPresent() && authToken.get().isBlank()) {
            throw new IllegalArgumentException("the auth token, when set, must not be blank");
        }
        if (maxInboundMessageBytes <= 0) {
            throw new IllegalArgumentException("the maximum inbound message size must be greater than 0");
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("the shutdown grace must not be negative");
        }
    }

    /** Says whether a token is set, never the token. */
    @Override
    public String toString() {
        return "GrpcServerSettings[host=" + host + ", port=" + port + ", authToken="
                + (authToken.isPresent() ? "***" : "none") + ", maxInboundMessageBytes=" + maxInboundMessageBytes
                + ", shutdownGrace=" + shutdownGrace + "]";
    }

    /** The defaults for everything but where to listen and the token. */
    public static GrpcServerSettings of(String host, int port, Optional<String> authToken) {
        return new GrpcServerSettings(host, port, authToken, DEFAULT_MAX_INBOUND_MESSAGE_BYTES, DEFAULT_SHUTDOWN_GRACE);
    }
}
