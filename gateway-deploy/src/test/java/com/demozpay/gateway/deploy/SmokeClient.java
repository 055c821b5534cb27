package com.demozpay.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.api.v1.Beneficiary;
import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import com.demozpay.gateway.api.v1.DisbursementStatus;
import com.demozpay.gateway.api.v1.GetStatusRequest;
import com.demozpay.gateway.api.v1.InitiateDisbursementRequest;
import com.demozpay.gateway.api.v1.Money;
import com.demozpay.gateway.api.v1.Product;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What the platform, Kubernetes and Prometheus do to a running gateway, on loopback. */
final class SmokeClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SmokeClient() {
    }

    /** The admin endpoint's status code, or -1 while nothing answers. */
    static int status(int adminPort, String path) {
        try {
            return HTTP.send(request(adminPort, path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException refused) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Polls /readyz until it answers 200; {@code alive} says whether waiting longer makes sense. */
    static Duration awaitReady(int adminPort, Duration limit, Supplier<String> whyNotAlive) {
        Instant start = Instant.now();
        while (Duration.between(start, Instant.now()).compareTo(limit) < 0) {
            if (status(adminPort, "/readyz") == 200) {
                return Duration.between(start, Instant.now());
            }
            String dead = whyNotAlive.get();
            if (dead != null) {
                throw new AssertionError("the gateway ended before it was ready:\n" + dead);
            }
            pause();
        }
        throw new AssertionError("/readyz did not answer 200 within " + limit + ":\n" + whyNotAlive.get());
    }

    /** The names of every sample on /metrics (a histogram's _bucket, _count and _sum separately). */
    static Set<String> metricNames(int adminPort) throws IOException, InterruptedException {
        String text = HTTP.send(request(adminPort, "/metrics"), HttpResponse.BodyHandlers.ofString()).body();
        Set<String> names = new TreeSet<>();
        text.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    /** Initiates one disbursement over gRPC and waits until the bank's callbacks have settled it. */
    static Disbursement payOneDisbursement(int grpcPort, Duration limit) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            var api = DisbursementGatewayGrpc.newBlockingStub(channel);
            String key = "smoke-" + UUID.randomUUID();
            Disbursement created = api.withDeadlineAfter(15, TimeUnit.SECONDS).initiateDisbursement(
                    InitiateDisbursementRequest.newBuilder()
                            .setIdempotencyKey(key)
                            .setProduct(Product.EWA)
                            .setProductReference("ewa-" + key)
                            .setAmount(Money.newBuilder().setAmountMinor(150_00).setCurrency("ETB"))
                            .setBeneficiary(Beneficiary.newBuilder().setAccountNumber("1000123456789").setAccountName("Abebe Kebede"))
                            .setNarrative("Earned-wage advance")
                            .build());
            Instant deadline = Instant.now().plus(limit);
            Disbursement latest = created;
            while (latest.getStatus() != DisbursementStatus.SETTLED && Instant.now().isBefore(deadline)) {
                pause();
                latest = api.withDeadlineAfter(15, TimeUnit.SECONDS)
                        .getStatus(GetStatusRequest.newBuilder().setId(created.getId()).build());
            }
            assertThat(latest.getStatus()).as("disbursement %s within %s", created.getId(), limit)
                    .isEqualTo(DisbursementStatus.SETTLED);
            return latest;
        } finally {
            channel.shutdownNow();
        }
    }

    private static HttpRequest request(int adminPort, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .timeout(Duration.ofSeconds(5)).build();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
