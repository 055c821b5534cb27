package com.demozpay.gateway.adapter.dashen;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.dashen.testing.BareSocketServer;
import com.demozpay.gateway.adapter.dashen.testing.BareSocketServer.Behaviour;
import com.demozpay.gateway.adapter.dashen.testing.TestKeys;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.demozpay.gateway.testing.Eventually;
import com.demozpay.gateway.testing.TestDisbursements;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The real client against sockets that fail in each way that matters: before and after the request left. */
class DashenPartnerClientTransportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);

    private static DashenPartnerClient client(String baseUrl, Duration requestTimeout, int maxConcurrentCalls) {
        var settings = DashenSettings.of(baseUrl, TestKeys.published(), TIMEOUT, requestTimeout, maxConcurrentCalls, true);
        return new DashenPartnerClient(settings, Clock.systemUTC());
    }

    private static String loopback(int port) {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
    }

    @Test
    void closedPortIsNotReceived() throws IOException {
        // given a port nobody listens on
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        DashenPartnerClient client = client(loopback(port), TIMEOUT, 4);
        Disbursement disbursement = TestDisbursements.disbursement();

        // when, then
        assertThat(client.submit(disbursement)).isInstanceOfSatisfying(PartnerOutcome.NotReceived.class,
                notReceived -> assertThat(notReceived.cause()).contains("ConnectException"));
        assertThat(client.lookup(disbursement.id())).isInstanceOf(TransferLookup.Unavailable.class);
        assertThat(client.health().state()).isEqualTo(PartnerHealth.State.DOWN);
    }

    @Test
    void unknownHostIsNotReceived() {
        DashenPartnerClient client = client("http://dashen-bank.invalid", TIMEOUT, 4);

        assertThat(client.submit(TestDisbursements.disbursement())).isInstanceOf(PartnerOutcome.NotReceived.class);
    }

    @Test
    void connectionResetAfterTheRequestWasReadIsUnknownAndNotRetried() throws IOException {
        // given a server that reads the whole request, then resets the connection without answering
        try (BareSocketServer server = BareSocketServer.start(Behaviour.RESET_AFTER_READING_REQUEST)) {
            DashenPartnerClient client = client(loopback(server.port()), TIMEOUT, 4);

            // when
            PartnerOutcome outcome = client.submit(TestDisbursements.disbursement());

            // then the request did leave, the outcome is unknown, and it was sent exactly once
            assertThat(outcome).isInstanceOfSatisfying(PartnerOutcome.Unknown.class,
                    unknown -> assertThat(unknown.cause()).contains("connection lost after sending"));
            assertThat(server.requestsRead()).isEqualTo(1);
        }
    }

    @Test
    void connectionClosedBeforeAnyAnswerIsUnknown() throws IOException {
        try (BareSocketServer server = BareSocketServer.start(Behaviour.CLOSE_ON_ACCEPT)) {
            DashenPartnerClient client = client(loopback(server.port()), TIMEOUT, 4);

            assertThat(client.submit(TestDisbursements.disbursement())).isInstanceOf(PartnerOutcome.Unknown.class);
        }
    }

    @Test
    void connectTimeoutIsNotReceived() throws IOException {
        // given a listener that never accepts and whose backlog is full, so that a new connection hangs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> filling = fillBacklog(full.getLocalPort());
            var settings = new DashenSettings(URI.create(loopback(full.getLocalPort())), TestKeys.published(),
                    Duration.ofMillis(300), TIMEOUT, 4, true);
            DashenPartnerClient client = new DashenPartnerClient(settings, Clock.systemUTC());

            // when, then: no connection, so no request left
            assertThat(client.submit(TestDisbursements.disbursement())).isInstanceOfSatisfying(
                    PartnerOutcome.NotReceived.class, notReceived -> assertThat(notReceived.cause()).contains("connect timeout"));
            for (Socket socket : filling) {
                socket.close();
            }
        }
    }

    /** Connects until the kernel stops completing handshakes for this listener. */
    private static List<Socket> fillBacklog(int port) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                sockets.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return sockets;
            }
        }
        throw new IllegalStateException("the backlog never filled up");
    }

    @Test
    void serverThatNeverAnswersIsUnknownAfterTheRequestTimeout() throws IOException {
        try (BareSocketServer server = BareSocketServer.start(Behaviour.HOLD_AFTER_READING_REQUEST)) {
            DashenPartnerClient client = client(loopback(server.port()), SHORT_TIMEOUT, 4);
            Disbursement disbursement = TestDisbursements.disbursement();

            long started = System.nanoTime();
            PartnerOutcome outcome = client.submit(disbursement);
            TransferLookup lookup = client.lookup(disbursement.id());

            assertThat(outcome).isEqualTo(new PartnerOutcome.Unknown("no answer within the request timeout"));
            assertThat(lookup).isEqualTo(new TransferLookup.Unavailable("no answer within the request timeout"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(server.requestsRead()).isEqualTo(2);
        }
    }

    @Test
    void answerWhoseBodyStallsAfterTheHeadersIsUnknownSoonAfterTheGrace() throws IOException {
        // the request timeout ends at the headers; the body has its own grace
        try (BareSocketServer server = BareSocketServer.start(Behaviour.STALL_IN_THE_BODY)) {
            DashenPartnerClient client = client(loopback(server.port()), Duration.ofSeconds(30), 4);

            long started = System.nanoTime();
            PartnerOutcome outcome = client.submit(TestDisbursements.disbursement());

            assertThat(outcome).isEqualTo(new PartnerOutcome.Unknown(
                    "answer body not complete within " + DashenHttp.BODY_GRACE + " of its headers"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(server.requestsRead()).isEqualTo(1);
        }
    }

    @Test
    void aClosedClientSendsNothing() throws IOException {
        try (BareSocketServer server = BareSocketServer.start(Behaviour.HOLD_AFTER_READING_REQUEST)) {
            DashenPartnerClient client = client(loopback(server.port()), SHORT_TIMEOUT, 4);
            client.close();

            assertThat(client.submit(TestDisbursements.disbursement()))
                    .isEqualTo(new PartnerOutcome.NotReceived("the partner client is closed"));
            assertThat(server.requestsRead()).isZero();
        }
    }

    @Test
    void failedTlsHandshakeIsNotReceived() throws IOException {
        // given an https base URL on a server that drops the connection during the handshake
        try (BareSocketServer server = BareSocketServer.start(Behaviour.CLOSE_ON_ACCEPT)) {
            DashenPartnerClient client = client(loopback(server.port()).replace("http:", "https:"), TIMEOUT, 4);

            assertThat(client.submit(TestDisbursements.disbursement())).isInstanceOf(PartnerOutcome.NotReceived.class);
        }
    }

    @Test
    void callBeyondTheConcurrencyLimitIsNotSent() throws IOException {
        // given one call in flight on a client allowed one at a time, to a server that never answers
        try (BareSocketServer server = BareSocketServer.start(Behaviour.HOLD_AFTER_READING_REQUEST)) {
            var settings = new DashenSettings(URI.create(loopback(server.port())), TestKeys.published(),
                    Duration.ofMillis(300), Duration.ofSeconds(1), 1, true);
            DashenPartnerClient client = new DashenPartnerClient(settings, Clock.systemUTC());
            CompletableFuture<PartnerOutcome> first = CompletableFuture.supplyAsync(
                    () -> client.submit(TestDisbursements.disbursement()));
            Eventually.await(server::requestsRead, read -> read == 1);

            // when a second call comes
            PartnerOutcome second = client.submit(TestDisbursements.disbursement());

            // then it is not sent at all
            assertThat(second).isEqualTo(new PartnerOutcome.NotReceived("too many calls to the bank in flight"));
            assertThat(server.requestsRead()).isEqualTo(1);
            assertThat(first.join()).isInstanceOf(PartnerOutcome.Unknown.class);
        }
    }
}
