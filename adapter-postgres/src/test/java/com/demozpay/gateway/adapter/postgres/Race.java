package com.demozpay.gateway.adapter.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/** Runs one task on many threads released at the same moment, and waits for all with a deadline. */
final class Race {

    private static final long DEADLINE_SECONDS = 60;

    private Race() {
    }

    /** Runs {@code task.accept(i)} for each i below {@code threads}; fails with the first task's failure. */
    static void run(int threads, IntConsumer task) throws InterruptedException {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                runs.add(executor.submit(() -> {
                    start.await();
                    task.accept(index);
                    return null;
                }));
            }
            start.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            for (Future<?> run : runs) {
                run.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new AssertionError("a racing thread failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the race did not finish within " + DEADLINE_SECONDS + " s", e);
        } finally {
            executor.shutdownNow();
        }
    }
}
