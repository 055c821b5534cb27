package com.demozpay.gateway.app.operator;

import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import com.demozpay.gateway.api.v1.GetStatusRequest;
import com.demozpay.gateway.api.v1.InitiateDisbursementRequest;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.File;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own gRPC API, as the platform calls it, for {@code initiate} and {@code status}: plaintext
 * by default, TLS with {@code --tls} (the JDK's trust store) or {@code --tls-ca FILE}, a client certificate
 * with {@code --tls-cert FILE --tls-key FILE}, and the bearer token when one is configured.
 */
final class GatewayClient implements AutoCloseable {

    static final String DEFAULT_TARGET = "127.0.0.1:50052";
    private static final long DEADLINE_SECONDS = 15;
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final DisbursementGatewayGrpc.DisbursementGatewayBlockingStub stub;

    private GatewayClient(ManagedChannel channel, Optional<String> token) {
        this.channel = channel;
        DisbursementGatewayGrpc.DisbursementGatewayBlockingStub plain = DisbursementGatewayGrpc.newBlockingStub(channel);
        this.stub = token.map(t -> plain.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(t)))).orElse(plain);
    }

    static GatewayClient connect(Arguments args, Optional<String> token) throws UsageException {
        String target = args.option("target").orElse(DEFAULT_TARGET);
        if (!target.matches("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}")) {
            throw new UsageException("--target must be host:port, got " + target);
        }
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(target, credentials(args));
        args.option("authority").ifPresent(builder::overrideAuthority);
        return new GatewayClient(builder.build(), token);
    }

    Disbursement initiate(InitiateDisbursementRequest request) {
        return stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).initiateDisbursement(request);
    }

    Disbursement status(GetStatusRequest request) {
        return stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).getStatus(request);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    private static ChannelCredentials credentials(Arguments args) throws UsageException {
        Optional<String> ca = args.option("tls-ca");
        Optional<String> cert = args.option("tls-cert");
        Optional<String> key = args.option("tls-key");
        if (cert.isPresent() != key.isPresent()) {
            throw new UsageException("--tls-cert and --tls-key go together");
        }
        if (!args.flag("tls") && ca.isEmpty() && cert.isEmpty()) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        try {
            if (ca.isPresent()) {
                tls.trustManager(readable(ca.get(), "--tls-ca"));
            }
            if (cert.isPresent()) {
                tls.keyManager(readable(cert.get(), "--tls-cert"), readable(key.get(), "--tls-key"));
            }
        } catch (IOException | IllegalArgumentException unreadable) {
            throw new UsageException("the TLS files could not be used: " + unreadable.getMessage());
        }
        return tls.build();
    }

    private static File readable(String path, String option) throws UsageException {
        File file = new File(path);
        if (!file.canRead()) {
            throw new UsageException(option + " " + path + " cannot be read");
        }
        return file;
    }

    private static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return headers;
    }
}
