package com.demozpay.gateway.adapter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.testing.TestPki;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook listener with TLS on, on a real loopback socket, with a certificate issued by the test. */
class WebhookTlsTest {

    private final TestPki ca = TestPki.authority("webhook-test-ca");
    private final AtomicInteger callbacksHandled = new AtomicInteger();
    private UndertowWebhookServer server;

    @BeforeEach
    void startOverTls() {
        server = new UndertowWebhookServer(new ListenerSettings("127.0.0.1", 0, Duration.ofSeconds(5), 2),
                Optional.of(ca.issueServer("gateway-webhook").sslContext(ca)), 10_240, callback -> {
                    callbacksHandled.incrementAndGet();
                    return CallbackOutcome.APPLIED;
                }, new SimpleMeterRegistry());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ZERO);
    }

    @Test
    void bankTrustingTheCertificateIsServedOverHttps() throws Exception {
        HttpClient bank = HttpClient.newBuilder().sslContext(ca.trustingContext()).build();

        HttpResponse<String> answer = bank.send(callback("https"), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(callbacksHandled).hasValue(1);
    }

    @Test
    void plaintextCallbackIsRefusedUnread() {
        HttpClient plaintext = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        assertThatThrownBy(() -> plaintext.send(callback("http"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(callbacksHandled).hasValue(0);
    }

    private HttpRequest callback(String scheme) {
        return HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + server.port() + UndertowWebhookServer.PATH))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
    }
}
