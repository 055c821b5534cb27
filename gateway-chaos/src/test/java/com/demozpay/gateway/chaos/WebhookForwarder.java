package com.demozpay.gateway.chaos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The bank's one webhook URL spread over the replicas, as a Kubernetes Service would: each callback
 * goes to the next replica in turn, and to the one after when a replica refuses the connection (it is
 * down). When none takes it, or a replica drops it half-way, the bank gets a 502 and retries, as it
 * would through a real load balancer. Loopback only.
 */
final class WebhookForwarder implements AutoCloseable {

    private static final List<String> FORWARDED_HEADERS = List.of("content-type", "webhook-id", "webhook-timestamp",
            "webhook-signature");

    private final List<Integer> ports;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLongArray delivered;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ExecutorService threads = Executors.newFixedThreadPool(16, runnable -> {
        Thread thread = new Thread(runnable, "webhook-forwarder");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpServer server;

    WebhookForwarder(List<Integer> replicaWebhookPorts) {
        this.ports = List.copyOf(replicaWebhookPorts);
        this.delivered = new AtomicLongArray(ports.size());
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::forward);
        server.setExecutor(threads);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/dashen");
    }

    /** Callbacks each replica answered, whatever its answer. */
    long deliveredTo(int replica) {
        return delivered.get(replica);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int first = Math.floorMod(next.getAndIncrement(), ports.size());
            for (int i = 0; i < ports.size(); i++) {
                int replica = (first + i) % ports.size();
                try {
                    HttpResponse<byte[]> answer = client.send(request(exchange, body, ports.get(replica)),
                            HttpResponse.BodyHandlers.ofByteArray());
                    delivered.incrementAndGet(replica);
                    exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                    exchange.getResponseBody().write(answer.body());
                    return;
                } catch (ConnectException | HttpConnectTimeoutException down) {
                    // that replica is not listening: the next one
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (IOException dropped) {
                    break; // it may have processed the callback: the bank retries, and the retry is a duplicate
                }
            }
            exchange.sendResponseHeaders(502, -1);
        }
    }

    private static HttpRequest request(HttpExchange exchange, byte[] body, int port) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : FORWARDED_HEADERS) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        return request.build();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
