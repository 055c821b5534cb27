package com.demozpay.gateway.benchmark;

import com.demozpay.gateway.api.v1.Beneficiary;
import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import com.demozpay.gateway.api.v1.InitiateDisbursementRequest;
import com.demozpay.gateway.api.v1.Money;
import com.demozpay.gateway.api.v1.Product;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code callers} threads, each initiating one disbursement after another over the real gRPC API until
 * {@code count} have been initiated, as the platform's API would call. As the API contract asks, an
 * {@code UNAVAILABLE} answer (the bank did not receive it, e.g. all bank connections were busy) is retried
 * with the same idempotency key, a few times; each disbursement's latency covers all its attempts.
 */
final class Callers {

    private static final long DEADLINE_SECONDS = 30;
    private static final String ACCOUNT = "1000123456789";
    private static final int ATTEMPTS = 5;
    private static final long RETRY_PAUSE_MILLIS = 100;

    /** What one batch came to: latencies in nanoseconds, sorted, retried answers, and the calls that failed. */
    record Batch(long[] latenciesNanos, int retries, List<String> failures) {

        long percentileNanos(double percentile) {
            int index = (int) Math.ceil(percentile / 100 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(index, latenciesNanos.length - 1))];
        }
    }

    private final ManagedChannel channel;
    private final String runId;

    Callers(ManagedChannel channel, String runId) {
        this.channel = channel;
        this.runId = runId;
    }

    Batch initiate(String batchName, int count, int callers) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[count];
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger retries = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            Thread thread = new Thread(() -> {
                var api = DisbursementGatewayGrpc.newBlockingStub(channel);
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long started = System.nanoTime();
                    InitiateDisbursementRequest request = request(batchName + "-" + i);
                    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                        try {
                            api.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).initiateDisbursement(request);
                            break;
                        } catch (StatusRuntimeException e) {
                            if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || attempt == ATTEMPTS) {
                                failures.add(e.getStatus().toString());
                                break;
                            }
                            retries.incrementAndGet();
                            GatewayUnderTest.pause(Duration.ofMillis(RETRY_PAUSE_MILLIS));
                        }
                    }
                    latencies[i] = System.nanoTime() - started;
                }
            }, "caller-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Arrays.sort(latencies);
        return new Batch(latencies, retries.get(), List.copyOf(failures));
    }

    private InitiateDisbursementRequest request(String name) {
        String key = "bench-" + runId + "-" + name;
        return InitiateDisbursementRequest.newBuilder()
                .setIdempotencyKey(key)
                .setProduct(Product.EWA)
                .setProductReference("ewa-" + key)
                .setAmount(Money.newBuilder().setAmountMinor(150_00).setCurrency("ETB"))
                .setBeneficiary(Beneficiary.newBuilder().setAccountNumber(ACCOUNT).setAccountName("Abebe Kebede"))
                .setNarrative("Earned-wage advance")
                .build();
    }
}
