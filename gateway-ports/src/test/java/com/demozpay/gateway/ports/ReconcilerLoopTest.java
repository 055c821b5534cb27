package com.demozpay.gateway.ports;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase.ReconcileReport;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The built-in scheduler of {@link DisbursementGateway#startReconciling}. */
class ReconcilerLoopTest {

    private static final ReconcileReport NOTHING_TO_DO = new ReconcileReport(0, 0, 0, 0, 0, 0, 0);

    @Test
    void closeDoesNotWaitForAPassThatIsOnlyScheduled() {
        AtomicInteger passes = new AtomicInteger();
        ReconcilerLoop loop = new ReconcilerLoop(() -> {
            passes.incrementAndGet();
            return NOTHING_TO_DO;
        }, Duration.ofHours(1), DisbursementObserver.NONE);
        loop.start();

        long started = System.nanoTime();
        loop.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(passes).hasValue(0);
    }

    @Test
    void failingPassesAreReportedAndTheNextOneRunsAsUsual() throws InterruptedException {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch thirdPass = new CountDownLatch(3);
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        List<ReconcileReport> reports = new CopyOnWriteArrayList<>();
        DisbursementObserver observer = new DisbursementObserver() {
            @Override
            public void reconcilePassed(ReconcileReport report) {
                reports.add(report);
            }

            @Override
            public void reconcilePassFailed(RuntimeException error) {
                failures.add(error);
            }
        };
        ReconcilerLoop loop = new ReconcilerLoop(() -> {
            thirdPass.countDown();
            switch (passes.incrementAndGet()) {
                case 1 -> throw new IllegalStateException("a bug in one pass");
                case 2 -> throw new StoreUnavailableException("pg unavailable for claim stale", null);
                default -> {
                    return NOTHING_TO_DO;
                }
            }
        }, Duration.ofMillis(100), observer);

        loop.start();
        boolean ranThreeTimes = thirdPass.await(10, TimeUnit.SECONDS);
        loop.close();

        assertThat(ranThreeTimes).isTrue();
        assertThat(failures).hasSize(2).element(1).isInstanceOf(StoreUnavailableException.class);
        assertThat(reports).isNotEmpty().allMatch(NOTHING_TO_DO::equals);
    }
}
