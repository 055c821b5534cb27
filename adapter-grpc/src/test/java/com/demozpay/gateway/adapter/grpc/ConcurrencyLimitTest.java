package com.demozpay.gateway.adapter.grpc;

import static com.demozpay.gateway.adapter.grpc.GatewayHarness.bankAccepted;
import static com.demozpay.gateway.adapter.grpc.GatewayHarness.validRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * More calls at once than the server takes, every one of them stuck at a slow bank: the ones over the
 * limit are answered RESOURCE_EXHAUSTED at once, saying why, and the rest complete once the bank answers.
 * Before the limit, the executor refused the excess and grpc-java reset their streams.
 */
class ConcurrencyLimitTest {

    /**
     * Ten times the limit, and more than the executor's threads and the queue the old server had (32 + 256):
     * the burst that used to be reset.
     */
    private static final int CALLS = 10 * GrpcGatewayServer.MAX_CALLS_IN_FLIGHT + 40;

    private final GatewayHarness gateway = GatewayHarness.start();

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void callsOverTheLimitAreResourceExhaustedAndTheRestComplete() throws Exception {
        // given every submit waits at the bank until released
        CountDownLatch bankAnswers = new CountDownLatch(1);
        CountDownLatch atTheBank = gateway.holdSubmitsAtTheBank(bankAnswers, bankAccepted("DSH-TX-LIMIT"));
        gateway.warmUp();
        gateway.server.setServing(true);
        DisbursementGatewayGrpc.DisbursementGatewayFutureStub client = DisbursementGatewayGrpc.newFutureStub(gateway.channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS);

        // when
        List<ListenableFuture<Disbursement>> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            calls.add(client.initiateDisbursement(validRequest("key-limit-" + i).toBuilder()
                    .setProductReference("ewa-limit-" + i).build()));
        }
        assertThat(atTheBank.await(10, TimeUnit.SECONDS)).isTrue();
        List<Status> refused = finishedWhileTheBankHolds(calls);
        ServingStatus health = HealthGrpc.newBlockingStub(gateway.channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        bankAnswers.countDown();

        // then
        Map<Status.Code, Long> outcomes = calls.stream().map(call -> statusOf(awaitDone(call)).orElseThrow())
                .collect(Collectors.groupingBy(Status::getCode, Collectors.counting()));
        assertThat(outcomes.keySet()).containsOnly(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED);
        assertThat(outcomes.get(Status.Code.OK)).isEqualTo((long) GrpcGatewayServer.MAX_CALLS_IN_FLIGHT);
        assertThat(refused).hasSize(CALLS - GrpcGatewayServer.MAX_CALLS_IN_FLIGHT)
                .allSatisfy(status -> assertThat(status.getDescription()).contains("calls in flight"));
        assertThat(health).as("health is answered while the service is full").isEqualTo(ServingStatus.SERVING);
    }

    /** The statuses of the calls that ended while the others wait at the bank, once their number stops changing. */
    private static List<Status> finishedWhileTheBankHolds(List<ListenableFuture<Disbursement>> calls)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long finished = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = calls.stream().filter(ListenableFuture::isDone).count();
            if (now != finished) {
                finished = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(1)) {
                break;
            }
            Thread.sleep(50);
        }
        return calls.stream().filter(ListenableFuture::isDone).map(call -> statusOf(call).orElseThrow()).toList();
    }

    private static ListenableFuture<Disbursement> awaitDone(ListenableFuture<Disbursement> call) {
        try {
            call.get(30, TimeUnit.SECONDS);
        } catch (Exception failedOrNotDone) {
            // looked at below
        }
        return call;
    }

    private static Optional<Status> statusOf(ListenableFuture<Disbursement> call) {
        if (!call.isDone()) {
            return Optional.empty();
        }
        try {
            call.get();
            return Optional.of(Status.OK);
        } catch (ExecutionException e) {
            return Optional.of(Status.fromThrowable(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
