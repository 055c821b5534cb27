package com.demozpay.gateway.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase.ReconcileReport;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReconcilerLoopTest {

    private static final ReconcileReport NOTHING_TO_DO = new ReconcileReport(0, 0, 0, 0, 0, 0, 0);

    @Test
    void closeDoesNotWaitForAPassThatIsOnlyScheduled() {
        AtomicInteger passes = new AtomicInteger();
        ReconcilerLoop loop = new ReconcilerLoop(() -> {
            passes.incrementAndGet();
            return NOTHING_TO_DO;
        }, Duration.ofHours(1));
        loop.start();

        long started = System.nanoTime();
        loop.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(passes).hasValue(0);
    }

    @Test
    void failingPassesAreSurvivedAndTheNextOneRunsAsUsual() throws InterruptedException {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch thirdPass = new CountDownLatch(3);
        ReconcilerLoop loop = new ReconcilerLoop(() -> {
            thirdPass.countDown();
            switch (passes.incrementAndGet()) {
                case 1 -> throw new IllegalStateException("a bug in one pass");
                case 2 -> throw new StoreUnavailableException("pg unavailable for claim stale", null);
                default -> {
                    return NOTHING_TO_DO;
                }
            }
        }, Duration.ofMillis(100));

        loop.start();
        boolean ranThreeTimes = thirdPass.await(10, TimeUnit.SECONDS);
        loop.close();

        assertThat(ranThreeTimes).isTrue();
    }
}
