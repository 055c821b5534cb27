package com.demozpay.gateway.adapter.webhook;

import static com.demozpay.gateway.adapter.webhook.WebhookFixture.CURRENT_KEY;
import static com.demozpay.gateway.adapter.webhook.WebhookFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Idle connections, many of them, against the listener's connection cap and its read timeout. */
class WebhookConnectionCapTest {

    @Test
    void listenerAcceptsNoMoreThanItsCapUntilSomeClose() throws Exception {
        // given: a cap of 20 and a read timeout long enough that idle connections stay for the test
        try (WebhookFixture fixture = WebhookFixture.withMaxConnections(20, Duration.ofSeconds(30))) {
            Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
            List<Socket> idle = openIdle(fixture, 20);
            try {
                // when: a real callback arrives while the cap is reached
                CompletableFuture<HttpResponse<String>> callback = postAsync(fixture, body("transfer.completed", submitted));

                // then it waits (its connection is not accepted) ...
                assertThatThrownBy(() -> callback.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);

                // ... and is answered once enough idle connections go away
                closeAll(idle.subList(0, 5));
                assertThat(callback.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                assertThat(fixture.current(submitted).status()).isEqualTo(DisbursementStatus.SETTLED);
            } finally {
                closeAll(idle);
            }
        }
    }

    @Test
    void twoThousandIdleConnectionsDoNotKeepARealCallbackFromBeingAnswered() throws Exception {
        // given: the default cap, and idle connections cut after 300 ms as in production after the read timeout
        try (WebhookFixture fixture = WebhookFixture.withMaxConnections(ListenerSettings.DEFAULT_MAX_CONNECTIONS,
                Duration.ofMillis(300))) {
            Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
            List<Socket> idle = openIdle(fixture, 2000);
            try {
                // when
                CompletableFuture<HttpResponse<String>> callback = postAsync(fixture, body("transfer.completed", submitted));

                // then
                assertThat(callback.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                assertThat(fixture.current(submitted).status()).isEqualTo(DisbursementStatus.SETTLED);
            } finally {
                closeAll(idle);
            }
        }
    }

    private static List<Socket> openIdle(WebhookFixture fixture, int count) throws IOException {
        List<Socket> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.server.port()), 5000);
            }
        } catch (IOException e) {
            closeAll(sockets);
            throw e;
        }
        return sockets;
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(WebhookFixture fixture, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.uri(UndertowWebhookServer.PATH))
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        fixture.signed(CURRENT_KEY, fixture.newWebhookId(), body).forEach(request::header);
        return fixture.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }
}
