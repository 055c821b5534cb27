package com.demozpay.gateway.adapter.grpc;

import static com.demozpay.gateway.adapter.grpc.GatewayHarness.validRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import com.demozpay.gateway.api.v1.GetStatusRequest;
import io.grpc.Context;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call that sat in a backlog until its deadline passed reaches the service too late: it must do no
 * work. The client's own deadline cannot show that (it fails the call either way), so the test looks
 * at the server: what the service answered, and that nothing was stored or sent to the bank.
 */
class ExpiredDeadlineTest {

    private final GatewayHarness gateway = GatewayHarness.start();
    private final Backlog backlog = new Backlog();
    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        gateway.close();
    }

    @Test
    void callWhoseDeadlinePassedBeforeItReachedTheServiceDoesNoWork() throws Exception {
        // given a server whose initiations wait in a backlog until their deadline has passed
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(gateway.service, backlog))
                .build().start();
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create()).build();

        // and a connection warmed up by another call, so that the next call's deadline is all backlog
        catchThrowableOfType(StatusRuntimeException.class, () -> DisbursementGatewayGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS).getStatus(GetStatusRequest.newBuilder().setIdempotencyKey("warm-up").build()));

        // when
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, () -> DisbursementGatewayGrpc
                .newBlockingStub(channel).withDeadlineAfter(500, TimeUnit.MILLISECONDS)
                .initiateDisbursement(validRequest("key-too-late")));

        // then
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        Status answered = backlog.serviceAnswer.get(5, TimeUnit.SECONDS);
        assertThat(answered.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(answered.getDescription()).contains("nothing was done");
        assertThat(gateway.store.all()).isEmpty();
        assertThat(gateway.partner.submitted()).isEmpty();
    }

    /** Holds each initiation, once fully received, until its deadline has passed; records how the service closed it. */
    private static final class Backlog implements ServerInterceptor {

        final CompletableFuture<Status> serviceAnswer = new CompletableFuture<>();

        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                ServerCallHandler<ReqT, RespT> next) {
            if (!call.getMethodDescriptor().equals(DisbursementGatewayGrpc.getInitiateDisbursementMethod())) {
                return next.startCall(call, headers);
            }
            ServerCall<ReqT, RespT> recorded = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                    serviceAnswer.complete(status);
                    super.close(status, trailers);
                }
            };
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(recorded, headers)) {
                @Override
                public void onHalfClose() {
                    GatewayHarness.awaitDeadlinePassed(Context.current());
                    super.onHalfClose();
                }
            };
        }
    }
}
