package com.demozpay.gateway.demo;

import com.demozpay.gateway.api.v1.Beneficiary;
import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import com.demozpay.gateway.api.v1.DisbursementStatus;
import com.demozpay.gateway.api.v1.GetStatusRequest;
import com.demozpay.gateway.api.v1.InitiateDisbursementRequest;
import com.demozpay.gateway.api.v1.Money;
import com.demozpay.gateway.api.v1.Product;
import com.demozpay.gateway.sandbox.DashenSandbox;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code demo --walkthrough}: one disbursement through the whole flow, as the platform's API would
 * drive it over gRPC, printing each state it reaches until it is final. A failing call is printed
 * and ends the walkthrough, never the demo.
 */
final class Walkthrough {

    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);
    private static final long POLL_EVERY_MILLIS = 200;

    private final PrintStream out;
    private final int grpcPort;
    private final Optional<String> authToken;
    private final DashenSandbox sandbox;

    Walkthrough(PrintStream out, int grpcPort, Optional<String> authToken, DashenSandbox sandbox) {
        this.out = out;
        this.grpcPort = grpcPort;
        this.authToken = authToken;
        this.sandbox = sandbox;
    }

    void run() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            DisbursementGatewayGrpc.DisbursementGatewayBlockingStub api = authorized(
                    DisbursementGatewayGrpc.newBlockingStub(channel));
            String key = "walkthrough-" + UUID.randomUUID();
            Disbursement current = api.withDeadlineAfter(30, TimeUnit.SECONDS).initiateDisbursement(
                    InitiateDisbursementRequest.newBuilder()
                            .setIdempotencyKey(key)
                            .setProduct(Product.EWA)
                            .setProductReference(key)
                            .setAmount(Money.newBuilder().setAmountMinor(150_00).setCurrency("ETB"))
                            .setBeneficiary(Beneficiary.newBuilder()
                                    .setAccountNumber("1000123456789").setAccountName("Abebe Kebede"))
                            .setNarrative("Earned-wage advance")
                            .build());
            out.printf("walkthrough: InitiateDisbursement idempotency_key=%s -> id=%s%n", key, current.getId());
            print(current);
            Instant deadline = Instant.now().plus(GIVE_UP_AFTER);
            while (!isFinal(current.getStatus()) && Instant.now().isBefore(deadline)) {
                sleep();
                Disbursement next = api.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getStatus(GetStatusRequest.newBuilder().setId(current.getId()).build());
                if (next.getStatus() != current.getStatus()) {
                    print(next);
                }
                current = next;
            }
            out.printf("walkthrough: done; the sandbox bank received %d submit(s) for this reference%n%n",
                    sandbox.submitsFor(current.getId()));
        } catch (StatusRuntimeException failed) {
            // The gateway has booted and keeps serving; only the walkthrough stops.
            out.printf("walkthrough: failed: gRPC %s%s; the gateway keeps serving%n%n", failed.getStatus().getCode(),
                    failed.getStatus().getDescription() == null ? "" : " (" + failed.getStatus().getDescription() + ")");
        } finally {
            channel.shutdownNow();
        }
    }

    private DisbursementGatewayGrpc.DisbursementGatewayBlockingStub authorized(
            DisbursementGatewayGrpc.DisbursementGatewayBlockingStub stub) {
        if (authToken.isEmpty()) {
            return stub;
        }
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + authToken.get());
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private void print(Disbursement disbursement) {
        out.printf("walkthrough:   %-9s partner_reference=%s%s%n", disbursement.getStatus(),
                disbursement.getPartnerReference().isEmpty() ? "-" : disbursement.getPartnerReference(),
                disbursement.getFailureCode().isEmpty() ? "" : " failure_code=" + disbursement.getFailureCode());
    }

    private static boolean isFinal(DisbursementStatus status) {
        return status == DisbursementStatus.SETTLED || status == DisbursementStatus.FAILED;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_EVERY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
