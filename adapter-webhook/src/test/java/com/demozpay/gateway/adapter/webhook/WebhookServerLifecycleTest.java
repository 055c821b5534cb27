package com.demozpay.gateway.adapter.webhook;

import static com.demozpay.gateway.adapter.webhook.WebhookFixture.CURRENT_KEY;
import static com.demozpay.gateway.adapter.webhook.WebhookFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.ports.in.HandlePartnerCallbackUseCase;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Read timeouts, bounded workers and graceful stop: what keeps a slow, stuck or leaving client harmless. */
class WebhookServerLifecycleTest {

    private static final Duration SHORT_READ_TIMEOUT = Duration.ofMillis(300);

    /** Counted down when a held callback reaches the use case. */
    private final CountDownLatch held = new CountDownLatch(1);

    @Test
    void clientThatNeverFinishesItsHeadersIsCutOffByTheReadTimeout() throws Exception {
        try (WebhookFixture fixture = WebhookFixture.start(10_240, SHORT_READ_TIMEOUT, 2, UnaryOperator.identity());
                RawHttp connection = new RawHttp(fixture.server.port(), Duration.ofSeconds(5))) {
            // given
            connection.write("POST " + UndertowWebhookServer.PATH + " HTTP/1.1\r\nHost: localhost\r\nwebhook-id: ");

            // when / then: the server closes long before the client's own 5 s patience runs out
            assertThat(connection.closedByServer()).isTrue();
            assertThat(fixture.inbox.entries()).isEmpty();
        }
    }

    @Test
    void clientThatSendsHalfItsBodyIsCutOffByTheReadTimeout() throws Exception {
        try (WebhookFixture fixture = WebhookFixture.start(10_240, SHORT_READ_TIMEOUT, 2, UnaryOperator.identity());
                RawHttp connection = new RawHttp(fixture.server.port(), Duration.ofSeconds(5))) {
            // given
            Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
            byte[] callback = body("transfer.completed", submitted);
            connection.write(signedHead(fixture, callback)).write(java.util.Arrays.copyOf(callback, callback.length / 2));

            // when / then
            assertThat(connection.closedByServer()).isTrue();
            assertThat(fixture.inbox.entries()).isEmpty();
            assertThat(fixture.current(submitted)).isEqualTo(submitted);
        }
    }

    /**
     * A byte every 100 ms never lets the 300 ms read timeout run out, so only a deadline for the whole
     * request cuts it: without one, a 10 KiB body sent this way would hold the connection for 17 minutes.
     */
    @Test
    void bodyTrickledAByteAtATimeIsCutOffByTheRequestDeadline() throws Exception {
        try (WebhookFixture fixture = WebhookFixture.start(10_240, SHORT_READ_TIMEOUT, 2, UnaryOperator.identity());
                RawHttp connection = new RawHttp(fixture.server.port(), Duration.ofMillis(100))) {
            // given
            Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
            byte[] callback = body("transfer.completed", submitted);
            connection.write(signedHead(fixture, callback));

            // when: one byte, then up to 100 ms waiting for the server to close, again and again for 6 s
            int sent = 0;
            boolean closed = false;
            while (!closed && sent < 60) {
                try {
                    connection.write(new byte[] {callback[sent++]});
                    closed = connection.closedByServer();
                } catch (IOException reset) {
                    closed = true;
                }
            }

            // then
            assertThat(closed).as("closed by the server after %d of %d bytes", sent, callback.length).isTrue();
            assertThat(fixture.inbox.entries()).isEmpty();
            assertThat(fixture.current(submitted)).isEqualTo(submitted);
        }
    }

    @Test
    void idleConnectionIsClosedByTheReadTimeout() throws Exception {
        try (WebhookFixture fixture = WebhookFixture.start(10_240, SHORT_READ_TIMEOUT, 2, UnaryOperator.identity());
                RawHttp connection = new RawHttp(fixture.server.port(), Duration.ofSeconds(5))) {
            // when / then: a connection that never sends a request does not stay open
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void stuckClientsDoNotHoldTheOnlyWorkerThread() throws Exception {
        // given: one worker thread, a long read timeout, and three clients stuck halfway through their bodies
        try (WebhookFixture fixture = WebhookFixture.start(10_240, Duration.ofSeconds(20), 1, UnaryOperator.identity())) {
            Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
            byte[] callback = body("transfer.completed", submitted);
            List<RawHttp> stuck = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawHttp connection = new RawHttp(fixture.server.port(), Duration.ofSeconds(5));
                    stuck.add(connection);
                    connection.write(signedHead(fixture, callback)).write(java.util.Arrays.copyOf(callback, 10));
                }

                // when: a complete callback arrives meanwhile (its request times out long before the stuck ones would)
                HttpResponse<String> response = fixture.postSigned(fixture.newWebhookId(), callback);

                // then
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(fixture.current(submitted).status()).isEqualTo(DisbursementStatus.SETTLED);
            } finally {
                for (RawHttp connection : stuck) {
                    connection.close();
                }
            }
        }
    }

    @Test
    void stopLetsTheCallbackInFlightFinishThenRefusesConnections() throws Exception {
        // given: a callback held inside the use case
        CountDownLatch release = new CountDownLatch(1);
        WebhookFixture fixture = WebhookFixture.start(10_240, Duration.ofSeconds(5), 2, holdUntil(release));
        Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
        CompletableFuture<HttpResponse<String>> inFlight = postHeldCallback(fixture, submitted);
        int port = fixture.server.port();

        // when
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> fixture.server.stop(Duration.ofSeconds(5)));
        release.countDown();

        // then
        assertThat(inFlight.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(stopped.get(10, TimeUnit.SECONDS)).as("drained within the grace period").isTrue();
        assertThat(fixture.current(submitted).status()).isEqualTo(DisbursementStatus.SETTLED);
        assertThatThrownBy(() -> new RawHttp(port, Duration.ofSeconds(1)).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void stopGivesUpOnAStuckCallbackAfterTheGracePeriod() throws Exception {
        // given
        WebhookFixture fixture = WebhookFixture.start(10_240, Duration.ofSeconds(5), 2, holdUntil(new CountDownLatch(1)));
        postHeldCallback(fixture, fixture.disbursementIn(DisbursementStatus.SUBMITTED));
        int port = fixture.server.port();

        // when
        Instant before = Instant.now();
        boolean drained = fixture.server.stop(Duration.ofMillis(200));

        // then
        assertThat(drained).isFalse();
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> new RawHttp(port, Duration.ofSeconds(1)).close()).isInstanceOf(ConnectException.class);
    }

    /** Wraps the real use case so that each call waits for {@code release} (or an interrupt) first. */
    private UnaryOperator<HandlePartnerCallbackUseCase> holdUntil(CountDownLatch release) {
        return service -> raw -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while held", e);
            }
            return service.handle(raw);
        };
    }

    /** Posts a callback for {@code target} and returns once the use case holds it. */
    private CompletableFuture<HttpResponse<String>> postHeldCallback(WebhookFixture fixture, Disbursement target)
            throws InterruptedException {
        CompletableFuture<HttpResponse<String>> response = CompletableFuture.supplyAsync(() -> {
            try {
                return fixture.postSigned(fixture.newWebhookId(), body("transfer.completed", target));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(held.await(5, TimeUnit.SECONDS)).as("callback reached the use case").isTrue();
        return response;
    }

    private static String signedHead(WebhookFixture fixture, byte[] body) {
        Map<String, String> headers = new HashMap<>(fixture.signed(CURRENT_KEY, fixture.newWebhookId(), body));
        headers.put("Content-Length", Integer.toString(body.length));
        return RawHttp.head("POST", UndertowWebhookServer.PATH, headers);
    }
}
