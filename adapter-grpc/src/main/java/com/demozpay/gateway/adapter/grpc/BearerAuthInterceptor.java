package com.demozpay.gateway.adapter.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The optional shared-secret auth of the gRPC API (docs/grpc-api.md, "Auth"): every call except
 * {@code grpc.health.v1.Health} must carry {@code authorization: Bearer <token>}, else UNAUTHENTICATED. Server reflection is not
 * exempt: it describes the whole API, so it asks for the same token (grpcurl passes it with {@code -H}).
 * Probes need no secret, so health stays open.
 */
public final class BearerAuthInterceptor implements ServerInterceptor {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String EXEMPT_SERVICE = HealthGrpc.SERVICE_NAME;

    private final byte[] expectedDigest;

    /** @param token the shared secret; never logged and never echoed in a status */
    public BearerAuthInterceptor(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the bearer token must not be blank");
        }
        this.expectedDigest = sha256("Bearer " + token);
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        if (EXEMPT_SERVICE.equals(call.getMethodDescriptor().getServiceName()) || carriesToken(headers)) {
            return next.startCall(call, headers);
        }
        call.close(Status.UNAUTHENTICATED.withDescription("missing or invalid authorization: Bearer <token>"),
                new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private boolean carriesToken(Metadata headers) {
        String presented = headers.get(AUTHORIZATION);
        // Comparing digests keeps the comparison constant-time in the token's length as well as its content.
        return presented != null && MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
