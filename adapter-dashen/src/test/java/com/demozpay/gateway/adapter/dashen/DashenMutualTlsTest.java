package com.demozpay.gateway.adapter.dashen;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.dashen.testing.TestKeys;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.demozpay.gateway.testing.TestPki;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a loopback HTTPS server that, like a bank, requires a client certificate issued
 * by the CA it names and serves one from its own private CA.
 */
class DashenMutualTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final TestPki bankCa = TestPki.authority("dashen-test-ca");
    private final TestPki clientCa = TestPki.authority("dashen-clients-ca");
    private final List<String> clientsSeen = new CopyOnWriteArrayList<>();
    private HttpsServer bank;

    @BeforeEach
    void startBankRequiringAClientCertificate() throws IOException {
        SSLContext bankContext = bankCa.issueServer("api.dashen.test").sslContext(clientCa);
        bank = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bank.setHttpsConfigurator(new HttpsConfigurator(bankContext) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = bankContext.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        bank.createContext("/", exchange -> {
            clientsSeen.add(((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
            byte[] body = "{\"code\":\"NOT_FOUND\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        bank.start();
    }

    @AfterEach
    void stopBank() {
        bank.stop(0);
    }

    @Test
    void clientPresentingItsCertificateAndTrustingTheBanksCaGetsAnAnswer() {
        // given
        SSLContext tls = clientCa.issueClient("demoz-gateway").sslContext(bankCa);

        // when
        TransferLookup lookup = client(Optional.of(tls)).lookup(new DisbursementId(UUID.randomUUID()));

        // then
        assertThat(lookup).isInstanceOf(TransferLookup.NotFound.class);
        assertThat(clientsSeen).containsExactly("CN=demoz-gateway");
    }

    @Test
    void clientWithoutACertificateIsRefusedBeforeTheRequestIsServed() {
        // when
        TransferLookup lookup = client(Optional.of(bankCa.trustingContext())).lookup(new DisbursementId(UUID.randomUUID()));

        // then
        assertThat(lookup).isInstanceOf(TransferLookup.Unavailable.class);
        assertThat(clientsSeen).isEmpty();
    }

    @Test
    void clientNotTrustingTheBanksPrivateCaDoesNotConnect() {
        // when the JDK's default trust store is used, which does not know the bank's CA
        TransferLookup lookup = client(Optional.empty()).lookup(new DisbursementId(UUID.randomUUID()));

        // then
        assertThat(lookup).isInstanceOfSatisfying(TransferLookup.Unavailable.class,
                unavailable -> assertThat(unavailable.cause()).contains("SSLHandshakeException"));
        assertThat(clientsSeen).isEmpty();
    }

    private DashenPartnerClient client(Optional<SSLContext> tls) {
        String baseUrl = "https://127.0.0.1:" + bank.getAddress().getPort();
        DashenSettings settings = DashenSettings.of(baseUrl, TestKeys.published(), TIMEOUT, TIMEOUT, 4, false);
        return new DashenPartnerClient(settings, tls, Clock.systemUTC(), new SimpleMeterRegistry());
    }
}
