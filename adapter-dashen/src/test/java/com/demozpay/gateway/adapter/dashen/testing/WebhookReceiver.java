package com.demozpay.gateway.adapter.dashen.testing;

import com.demozpay.gateway.adapter.dashen.DashenCallbackVerifier;
import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
import com.demozpay.gateway.ports.in.CallbackRejectedException;
import com.demozpay.gateway.ports.in.RawCallback;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the gateway's webhook endpoint: it checks every callback with the real
 * {@link DashenCallbackVerifier}, records what arrived, and answers 200 (or the statuses scripted
 * with {@link #thenAnswer}); a callback that fails verification is answered 401.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One delivery attempt as received: the verified callback, or why verification refused it. */
    public record Delivery(String webhookId, Optional<VerifiedCallback> callback, Optional<String> rejection, int answer) {
        public String type() {
            return callback.map(c -> switch (c.event().status()) {
                case ACCEPTED -> "transfer.accepted";
                case SETTLED -> "transfer.completed";
                case FAILED -> "transfer.failed";
                default -> "unexpected " + c.event().status();
            }).orElse("rejected");
        }
    }

    private final HttpServer server;
    private final DashenCallbackVerifier verifier;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Deque<Integer> scripted = new ArrayDeque<>();

    private WebhookReceiver(DashenSigningKey key) throws IOException {
        this.verifier = new DashenCallbackVerifier(key, Optional.empty(), Clock.systemUTC());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/webhooks/dashen", this::receive);
        server.start();
    }

    public static WebhookReceiver start(DashenSigningKey key) throws IOException {
        return new WebhookReceiver(key);
    }

    public URI url() {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + "/webhooks/dashen");
    }

    /** Answers the next deliveries with these statuses, in order, then 200 again. */
    public synchronized WebhookReceiver thenAnswer(Integer... statuses) {
        scripted.addAll(List.of(statuses));
        return this;
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        RawCallback raw = new RawCallback(headers, exchange.getRequestBody().readAllBytes());
        String id = raw.header("webhook-id").orElse("");
        int answer;
        try {
            VerifiedCallback callback = verifier.verify(raw);
            answer = nextAnswer();
            deliveries.add(new Delivery(id, Optional.of(callback), Optional.empty(), answer));
        } catch (CallbackRejectedException e) {
            answer = 401;
            deliveries.add(new Delivery(id, Optional.empty(), Optional.of(e.getMessage()), answer));
        }
        exchange.sendResponseHeaders(answer, -1);
        exchange.close();
    }

    private synchronized int nextAnswer() {
        return scripted.isEmpty() ? 200 : scripted.poll();
    }
}
