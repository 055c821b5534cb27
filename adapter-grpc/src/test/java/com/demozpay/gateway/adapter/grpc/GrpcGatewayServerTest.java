package com.demozpay.gateway.adapter.grpc;

import static com.demozpay.gateway.adapter.grpc.GatewayHarness.bankAccepted;
import static com.demozpay.gateway.adapter.grpc.GatewayHarness.validRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import com.demozpay.gateway.api.v1.DisbursementStatus;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServiceResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GrpcGatewayServerTest {

    private static final List<String> HEALTH_NAMES = List.of("", "demoz.gateway.v1.DisbursementGateway");

    @Test
    void boundPortIsTheEphemeralOneTheSystemChose() {
        try (GatewayHarness gateway = GatewayHarness.start()) {
            assertThat(gateway.server.port()).isPositive();
        }
    }

    @Test
    void healthIsNotServingUntilReadyThenFollowsTheReadinessSignalForBothNames() {
        try (GatewayHarness gateway = GatewayHarness.start()) {
            // when, then
            assertThat(healthOf(gateway)).containsOnly(ServingStatus.NOT_SERVING);
            gateway.server.setServing(true);
            assertThat(healthOf(gateway)).containsOnly(ServingStatus.SERVING);
            gateway.server.setServing(false);
            assertThat(healthOf(gateway)).containsOnly(ServingStatus.NOT_SERVING);
        }
    }

    @Test
    void healthOfAServiceItDoesNotServeIsNotFound() {
        try (GatewayHarness gateway = GatewayHarness.start()) {
            // when
            StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, () -> HealthGrpc
                    .newBlockingStub(gateway.channel).check(HealthCheckRequest.newBuilder().setService("nope").build()));

            // then
            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        }
    }

    @Test
    void reflectionListsTheServiceAndDescribesItFromTheShippedProtoFile() throws Throwable {
        try (GatewayHarness gateway = GatewayHarness.start()) {
            // when
            var services = ReflectionClient.ask(gateway.channel, ReflectionClient.listServices());
            var file = ReflectionClient.ask(gateway.channel, ServerReflectionRequest.newBuilder()
                    .setFileContainingSymbol("demoz.gateway.v1.DisbursementGateway").build());

            // then
            assertThat(services.getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
                    .contains("demoz.gateway.v1.DisbursementGateway", "grpc.health.v1.Health");
            FileDescriptorProto proto = FileDescriptorProto.parseFrom(
                    file.getFileDescriptorResponse().getFileDescriptorProto(0));
            assertThat(proto.getName()).isEqualTo("demoz/gateway/v1/gateway.proto");
            assertThat(proto.getService(0).getMethodList()).extracting(m -> m.getName())
                    .containsExactly("InitiateDisbursement", "GetStatus", "WatchDisbursements");
        }
    }

    @Test
    void requestLargerThanTheLimitIsRefusedUnread() {
        try (GatewayHarness gateway = GatewayHarness.start()) {
            // given
            var huge = validRequest("key-huge").toBuilder()
                    .setNarrative("x".repeat(GrpcServerSettings.DEFAULT_MAX_INBOUND_MESSAGE_BYTES)).build();

            // when
            StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                    () -> gateway.client().initiateDisbursement(huge));

            // then
            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(gateway.store.all()).isEmpty();
        }
    }

    @Test
    void shutdownRefusesNewCallsAndLetsTheCallInFlightFinish() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.withShutdownGrace(Duration.ofSeconds(30))) {
            // given a call waiting on the bank
            CountDownLatch bankAnswers = new CountDownLatch(1);
            CountDownLatch atTheBank = gateway.holdSubmitsAtTheBank(bankAnswers, bankAccepted("DSH-TX-1"));
            var inFlight = DisbursementGatewayGrpc.newFutureStub(gateway.channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS).initiateDisbursement(validRequest("key-in-flight"));
            assertThat(atTheBank.await(5, TimeUnit.SECONDS)).isTrue();

            // when
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(gateway.server::shutdown);

            // then new calls are refused while the one in flight still runs
            awaitRefusal(gateway);
            assertThat(inFlight.isDone()).isFalse();
            assertThat(shutdown.isDone()).isFalse();
            bankAnswers.countDown();
            Disbursement finished = inFlight.get(5, TimeUnit.SECONDS);
            assertThat(finished.getStatus()).isEqualTo(DisbursementStatus.ACCEPTED);
            shutdown.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shutdownCancelsWhatIsStillRunningWhenTheGraceRunsOut() throws Exception {
        CountDownLatch bankAnswers = new CountDownLatch(1);
        try (GatewayHarness gateway = GatewayHarness.withShutdownGrace(Duration.ofMillis(300))) {
            // given a call stuck at the bank
            CountDownLatch atTheBank = gateway.holdSubmitsAtTheBank(bankAnswers, bankAccepted("DSH-TX-2"));
            var stuck = DisbursementGatewayGrpc.newFutureStub(gateway.channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS).initiateDisbursement(validRequest("key-stuck"));
            assertThat(atTheBank.await(5, TimeUnit.SECONDS)).isTrue();

            // when
            Instant started = Instant.now();
            gateway.server.shutdown();

            // then
            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(3));
            ExecutionException error = catchThrowableOfType(ExecutionException.class, () -> stuck.get(5, TimeUnit.SECONDS));
            assertThat(Status.fromThrowable(error.getCause()).getCode()).isEqualTo(Status.Code.CANCELLED);
        } finally {
            bankAnswers.countDown();
        }
    }

    @Test
    void shutdownWaitsForACallStillRunningAfterItsClientGaveUp() throws Exception {
        CountDownLatch bankAnswers = new CountDownLatch(1);
        try (GatewayHarness gateway = GatewayHarness.withShutdownGrace(Duration.ofSeconds(5))) {
            // given a call whose client gave up while its handler is still at the bank (and so the database)
            AtomicReference<String> handlerThread = new AtomicReference<>();
            CountDownLatch atTheBank = new CountDownLatch(1);
            gateway.partner.alwaysSubmit(d -> {
                handlerThread.set(Thread.currentThread().getName());
                atTheBank.countDown();
                awaitUninterruptibly(bankAnswers);
                return bankAccepted("DSH-TX-3");
            });
            gateway.warmUp();
            var abandoned = DisbursementGatewayGrpc.newFutureStub(gateway.channel)
                    .withDeadlineAfter(1, TimeUnit.SECONDS).initiateDisbursement(validRequest("key-abandoned"));
            assertThat(atTheBank.await(5, TimeUnit.SECONDS)).isTrue();
            catchThrowableOfType(ExecutionException.class, () -> abandoned.get(5, TimeUnit.SECONDS));

            // when
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(gateway.server::shutdown);

            // then shutdown does not return while the handler runs, and returns once it is done
            assertThat(catchThrowableOfType(TimeoutException.class, () -> shutdown.get(500, TimeUnit.MILLISECONDS)))
                    .isNotNull();
            bankAnswers.countDown();
            shutdown.get(5, TimeUnit.SECONDS);
            assertThat(handlerThread.get()).startsWith("grpc-call-");
        } finally {
            bankAnswers.countDown();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch.getCount() > 0) {
            try {
                latch.await(10, TimeUnit.SECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<ServingStatus> healthOf(GatewayHarness gateway) {
        return HEALTH_NAMES.stream().map(name -> HealthGrpc.newBlockingStub(gateway.channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(name).build()).getStatus()).toList();
    }

    /** Polls with a fresh connection until the server refuses it: shutdown closes the listener asynchronously. */
    private static void awaitRefusal(GatewayHarness gateway) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(5);
        while (Instant.now().isBefore(giveUp)) {
            ManagedChannel fresh = gateway.newChannel();
            try {
                HealthGrpc.newBlockingStub(fresh).withDeadlineAfter(1, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                    return;
                }
            } finally {
                fresh.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the server still accepts new calls 5 s after shutdown began");
    }
}
