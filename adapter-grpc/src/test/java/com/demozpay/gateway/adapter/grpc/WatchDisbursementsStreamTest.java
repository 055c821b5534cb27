package com.demozpay.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.api.v1.DisbursementEvent;
import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import com.demozpay.gateway.api.v1.DisbursementStatus;
import com.demozpay.gateway.api.v1.WatchDisbursementsRequest;
import com.demozpay.gateway.domain.Beneficiary;
import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.Product;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.google.rpc.BadRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** {@code WatchDisbursements} over a real loopback socket, with the in-memory feed behind it. */
class WatchDisbursementsStreamTest {

    private static final AtomicInteger KEYS = new AtomicInteger();
    /** Generous: a cold JVM on a loaded machine takes seconds over its first call; nothing here is timed. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final WatchSettings QUICK = new WatchSettings(Duration.ofMillis(20), 50, Duration.ofSeconds(15),
            Duration.ofSeconds(2), 1_000);

    @Test
    void aWatchFromNowStartsWithItsCursorThenDeliversEachLaterChangeInOrder() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.withWatchSettings(QUICK)) {
            Disbursement before = stored(gateway);
            Watcher watcher = Watcher.start(gateway, "", false);

            DisbursementEvent first = watcher.next();
            Disbursement after = stored(gateway);
            settle(gateway, after);

            assertThat(first.hasDisbursement()).isFalse();
            assertThat(first.getCursor()).isEqualTo("v1-1");
            DisbursementEvent created = watcher.next();
            DisbursementEvent settled = watcher.next();
            assertThat(List.of(created, settled)).extracting(e -> e.getDisbursement().getId(),
                            e -> e.getFromStatus(), e -> e.getDisbursement().getStatus(), DisbursementEvent::getCursor)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(after.id().toString(),
                                    DisbursementStatus.DISBURSEMENT_STATUS_UNSPECIFIED, DisbursementStatus.INITIATED, "v1-2"),
                            org.assertj.core.groups.Tuple.tuple(after.id().toString(),
                                    DisbursementStatus.INITIATED, DisbursementStatus.SETTLED, "v1-3"));
            assertThat(before.id()).isNotEqualTo(after.id());
            watcher.cancel();
        }
    }

    @Test
    void aWatcherResumingFromItsLastCursorGetsEveryLaterChangeAndNoneFromBefore() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.withWatchSettings(QUICK)) {
            Watcher first = Watcher.start(gateway, "", false);
            first.next();
            Disbursement seen = stored(gateway);
            String lastCursor = first.next().getCursor();
            first.cancel();
            assertThat(eventually(() -> watchersOf(gateway) == 0)).isTrue();

            // while nobody watches
            Disbursement missed = stored(gateway);
            settle(gateway, missed);

            Watcher resumed = Watcher.start(gateway, lastCursor, false);
            assertThat(resumed.next().getCursor()).as("the keepalive repeats the cursor").isEqualTo(lastCursor);
            List<DisbursementEvent> later = List.of(resumed.next(), resumed.next());

            assertThat(later).extracting(e -> e.getDisbursement().getId(), e -> e.getDisbursement().getStatus())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(missed.id().toString(), DisbursementStatus.INITIATED),
                            org.assertj.core.groups.Tuple.tuple(missed.id().toString(), DisbursementStatus.SETTLED));
            assertThat(resumed.poll(Duration.ofMillis(200))).isNull();
            assertThat(seen.id()).isNotEqualTo(missed.id());
            resumed.cancel();
        }
    }

    @Test
    void aMalformedCursorIsInvalidArgumentNamingTheField() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start()) {
            Watcher watcher = Watcher.start(gateway, "not-a-cursor", false);

            Status status = watcher.end.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            BadRequest details = StatusProto.fromStatusAndTrailers(status, watcher.trailers).getDetails(0)
                    .unpack(BadRequest.class);
            assertThat(details.getFieldViolations(0).getField()).isEqualTo("after_cursor");
            assertThat(watcher.events).isEmpty();
        }
    }

    @Test
    void aWatcherThatStopsReadingIsCutWithResourceExhaustedAndResumesFromItsLastCursorWithoutAGap() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.withWatchSettings(QUICK)) {
            // Far more than a 64 KiB flow-control window and the server's buffer hold.
            int changes = 3_000;
            for (int i = 0; i < changes; i++) {
                stored(gateway);
            }
            // given a watcher from the very start that asks for one message and then reads nothing
            // (a fixed window: grpc-java's automatic window tuning would let the client buffer megabytes)
            ManagedChannel smallWindow = NettyChannelBuilder.forAddress("127.0.0.1", gateway.server.port())
                    .usePlaintext().flowControlWindow(64 * 1024).build();
            Watcher stalled = Watcher.start(smallWindow, "v1-0", true);

            // when the server's buffer fills and it waits the stalled-cut time
            assertThat(stalled.next().hasDisbursement()).as("the first event is the keepalive").isFalse();
            assertThat(eventually(() -> watchersOf(gateway) == 0)).as("the stalled watcher is cut").isTrue();
            stalled.readEverything();
            Status status = stalled.end.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            // then it was cut with a status naming the cursor of the last event it got
            List<DisbursementEvent> got = stalled.drain();
            String lastCursor = got.get(got.size() - 1).getCursor();
            assertThat(got.size()).isLessThan(changes);
            assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(status.getDescription()).contains("resume with after_cursor=" + lastCursor);

            // and resuming from it delivers exactly the rest
            Watcher resumed = Watcher.start(gateway, lastCursor, false);
            List<String> cursors = new ArrayList<>();
            got.stream().filter(DisbursementEvent::hasDisbursement).forEach(e -> cursors.add(e.getCursor()));
            while (cursors.size() < changes) {
                DisbursementEvent event = resumed.next();
                if (event.hasDisbursement()) {
                    cursors.add(event.getCursor());
                }
            }
            assertThat(cursors).containsExactlyElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, changes).mapToObj(i -> "v1-" + i).toList());
            resumed.cancel();
            smallWindow.shutdownNow();
        }
    }

    @Test
    void aDatabaseOutageEndsAWatchWithUnavailableAndTheCursorToResumeFrom() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.withWatchSettings(QUICK)) {
            Watcher watcher = Watcher.start(gateway, "", false);
            String cursor = watcher.next().getCursor();

            gateway.feed.failNextCalls(1_000);

            Status status = watcher.end.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(status.getDescription()).contains("database is unavailable", "resume with after_cursor=" + cursor);
            assertThat(watchersOf(gateway)).isZero();
        }
    }

    @Test
    void shutdownEndsAWatchWithUnavailableAndTheCursorToResumeFrom() throws Exception {
        GatewayHarness gateway = GatewayHarness.withWatchSettings(QUICK);
        try {
            Watcher watcher = Watcher.start(gateway, "", false);
            String cursor = watcher.next().getCursor();

            gateway.server.shutdown();

            Status status = watcher.end.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(status.getDescription()).contains("resume with after_cursor=" + cursor);
        } finally {
            gateway.close();
        }
    }

    private static int watchersOf(GatewayHarness gateway) {
        return gateway.watches.watcherCount();
    }

    private static Disbursement stored(GatewayHarness gateway) {
        String key = "watch-" + KEYS.incrementAndGet();
        return gateway.store.insertIfAbsent(Disbursement.initiate(new DisbursementId(UUID.randomUUID()),
                new DisbursementRequest(new IdempotencyKey(key), Product.EWA, "ewa-" + key, Money.etb(150_000),
                        new Beneficiary(GatewayHarness.ACCOUNT_NUMBER, "Abebe Kebede"), Optional.empty()),
                gateway.clock.instant())).disbursement();
    }

    private static void settle(GatewayHarness gateway, Disbursement disbursement) {
        gateway.store.transition(disbursement.id(), new Decision.Transition(
                        com.demozpay.gateway.domain.DisbursementStatus.INITIATED,
                        com.demozpay.gateway.domain.DisbursementStatus.SETTLED, Optional.empty(), Optional.empty()),
                TransitionCause.callback("evt-" + disbursement.id()), gateway.clock.instant());
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    /** A client of one watch stream: events into a queue, the final status into a future. */
    private static final class Watcher implements ClientResponseObserver<WatchDisbursementsRequest, DisbursementEvent> {

        final LinkedBlockingQueue<DisbursementEvent> events = new LinkedBlockingQueue<>();
        final CompletableFuture<Status> end = new CompletableFuture<>();
        final boolean manualFlowControl;
        volatile io.grpc.Metadata trailers;
        private ClientCallStreamObserver<WatchDisbursementsRequest> call;

        private Watcher(boolean manualFlowControl) {
            this.manualFlowControl = manualFlowControl;
        }

        static Watcher start(GatewayHarness gateway, String afterCursor, boolean askForOneOnly) {
            return start(gateway.channel, afterCursor, askForOneOnly);
        }

        static Watcher start(ManagedChannel channel, String afterCursor, boolean askForOneOnly) {
            Watcher watcher = new Watcher(askForOneOnly);
            DisbursementGatewayGrpc.newStub(channel).watchDisbursements(
                    WatchDisbursementsRequest.newBuilder().setAfterCursor(afterCursor).build(), watcher);
            return watcher;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<WatchDisbursementsRequest> requestStream) {
            call = requestStream;
            if (manualFlowControl) {
                requestStream.disableAutoRequestWithInitial(1);
            }
        }

        @Override
        public void onNext(DisbursementEvent event) {
            events.add(event);
        }

        @Override
        public void onError(Throwable error) {
            trailers = Status.trailersFromThrowable(error);
            end.complete(Status.fromThrowable(error));
        }

        @Override
        public void onCompleted() {
            end.complete(Status.OK);
        }

        DisbursementEvent next() throws InterruptedException {
            DisbursementEvent event = poll(WAIT);
            assertThat(event).as("an event within " + WAIT).isNotNull();
            return event;
        }

        DisbursementEvent poll(Duration wait) throws InterruptedException {
            return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        void readEverything() {
            call.request(Integer.MAX_VALUE);
        }

        List<DisbursementEvent> drain() {
            List<DisbursementEvent> drained = new ArrayList<>();
            events.drainTo(drained);
            return drained;
        }

        void cancel() {
            call.cancel("test done", null);
        }
    }
}
