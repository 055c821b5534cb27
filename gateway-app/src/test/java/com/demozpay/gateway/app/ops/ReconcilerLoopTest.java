package com.demozpay.gateway.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase.ReconcileReport;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReconcilerLoopTest {

    @Test
    void closeDoesNotWaitForNorRunAPassThatIsOnlyScheduled() {
        // given: a loop whose next pass is due in a minute
        AtomicInteger passes = new AtomicInteger();
        ReconcilerLoop loop = new ReconcilerLoop(() -> {
            passes.incrementAndGet();
            return new ReconcileReport(0, 0, 0, 0, 0);
        }, Duration.ofMinutes(1));
        loop.start();

        // when
        long started = System.nanoTime();
        loop.close();

        // then
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(passes).hasValue(0);
    }
}
