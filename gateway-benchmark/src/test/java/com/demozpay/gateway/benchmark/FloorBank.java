package com.demozpay.gateway.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;

/**
 * The bank of {@link TransportFloor}, in the driver's process (its CPU is not what is measured): answers each
 * submit 201 and, when told to, sends the submit's two signed callbacks (accepted, then completed) to the
 * floor's webhook port at once, counting those answered 200.
 */
final class FloorBank implements AutoCloseable {

    private static final Duration CALLBACK_TIMEOUT = Duration.ofSeconds(10);
    private static final byte[] ANSWER = "{\"status\":\"PENDING\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService answering = Executors.newFixedThreadPool(8);
    private final ExecutorService callingBack = Executors.newFixedThreadPool(8);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final boolean callsBack;
    private final URI webhook;
    private final Mac signer;
    private final AtomicInteger submits = new AtomicInteger();
    private final AtomicInteger delivered = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    FloorBank(boolean callsBack, URI webhook, String secret) {
        this.callsBack = callsBack;
        this.webhook = webhook;
        this.signer = TransportFloorServer.mac(secret);
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/transfers", this::submit);
        server.setExecutor(answering);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int submits() {
        return submits.get();
    }

    int callbacksDelivered() {
        return delivered.get();
    }

    /** The first callback the floor did not answer 200, if any. */
    Optional<String> firstFailure() {
        return Optional.ofNullable(failures.peek());
    }

    private void submit(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst(TransportFloorServer.ID_HEADER);
            submits.incrementAndGet();
            exchange.sendResponseHeaders(201, ANSWER.length);
            exchange.getResponseBody().write(ANSWER);
            if (callsBack) {
                callingBack.execute(() -> {
                    callBack(id, "ACCEPTED");
                    callBack(id, "SETTLED");
                });
            }
        }
    }

    private void callBack(String id, String status) {
        byte[] body = ("{\"reference\":\"" + id + "\",\"status\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(CALLBACK_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(TransportFloorServer.ID_HEADER, id)
                .header(TransportFloorServer.STATUS_HEADER, status)
                .header(TransportFloorServer.SIGNATURE_HEADER,
                        TransportFloorServer.signature(signer, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            int answer = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (answer == 200) {
                delivered.incrementAndGet();
            } else {
                failures.add(status + " callback of " + id + " answered " + answer);
            }
        } catch (IOException e) {
            failures.add(status + " callback of " + id + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        answering.shutdownNow();
        callingBack.shutdownNow();
        try {
            callingBack.awaitTermination(CALLBACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
