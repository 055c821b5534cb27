package com.demozpay.gateway.adapter.webhook;

import static com.demozpay.gateway.adapter.webhook.WebhookFixture.CURRENT_KEY;
import static com.demozpay.gateway.adapter.webhook.WebhookFixture.body;
import static com.demozpay.gateway.adapter.webhook.WebhookFixture.padded;
import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The body limit (the contract's default, 10240 bytes) is enforced while reading, however the body is framed. */
class WebhookBodyLimitTest {

    private static final int LIMIT = 10_240;
    private static final int MEGABYTE = 1024 * 1024;

    private final WebhookFixture fixture = WebhookFixture.start();
    private final Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void bodyExactlyAtTheLimitWithContentLengthIsApplied() throws Exception {
        // given
        byte[] atLimit = padded(body("transfer.completed", submitted), LIMIT);

        // when
        HttpResponse<String> response = fixture.postSigned(fixture.newWebhookId(), atLimit);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fixture.current(submitted).status()).isEqualTo(DisbursementStatus.SETTLED);
        assertThat(fixture.inbox.entries()).singleElement().satisfies(entry -> assertThat(entry.rawBody()).isEqualTo(atLimit));
    }

    @Test
    void contentLengthOneByteOverTheLimitAnswers413BeforeAnyOfTheBodyIsSent() throws Exception {
        // given
        byte[] overLimit = padded(body("transfer.completed", submitted), LIMIT + 1);

        try (RawHttp connection = new RawHttp(fixture.server.port(), Duration.ofSeconds(5))) {
            // when: only the head is sent; the server must answer without waiting for the body
            connection.write(head(overLimit, Map.of("Content-Length", Integer.toString(overLimit.length))));
            RawHttp.Response response = connection.readResponse();

            // then
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.body()).isEqualTo("{\"outcome\":\"too_large\"}");
            assertThat(response.headers()).containsEntry("connection", "close");
            assertThat(connection.closedByServer()).isTrue();
        }
        assertNothingStored();
        assertThat(fixture.answered("too_large")).isEqualTo(1.0);
    }

    @Test
    void announcedTooLargeBodyIsRefusedInsteadOfInvitedWith100Continue() throws Exception {
        // given
        byte[] overLimit = padded(body("transfer.completed", submitted), LIMIT + 1);

        try (RawHttp connection = new RawHttp(fixture.server.port(), Duration.ofSeconds(5))) {
            // when
            connection.write(head(overLimit, Map.of("Content-Length", Integer.toString(overLimit.length),
                    "Expect", "100-continue")));

            // then
            assertThat(connection.readResponse().status()).isEqualTo(413);
        }
        assertNothingStored();
    }

    @Test
    void bodyWithinTheLimitIsInvitedWith100ContinueAndApplied() throws Exception {
        // given
        byte[] callback = body("transfer.completed", submitted);

        try (RawHttp connection = new RawHttp(fixture.server.port(), Duration.ofSeconds(5))) {
            // when
            connection.write(head(callback, Map.of("Content-Length", Integer.toString(callback.length),
                    "Expect", "100-continue")));
            RawHttp.Response invitation = connection.readResponse();
            connection.write(callback);
            RawHttp.Response answer = connection.readResponse();

            // then
            assertThat(invitation.status()).isEqualTo(100);
            assertThat(answer.status()).isEqualTo(200);
        }
        assertThat(fixture.current(submitted).status()).isEqualTo(DisbursementStatus.SETTLED);
    }

    @Test
    void chunkedBodyExactlyAtTheLimitIsApplied() throws Exception {
        // given
        byte[] atLimit = padded(body("transfer.completed", submitted), LIMIT);

        try (RawHttp connection = new RawHttp(fixture.server.port(), Duration.ofSeconds(5))) {
            // when
            connection.write(head(atLimit, Map.of("Transfer-Encoding", "chunked"))).writeChunked(atLimit, 1000);
            RawHttp.Response response = connection.readResponse();

            // then
            assertThat(response.status()).isEqualTo(200);
        }
        assertThat(fixture.current(submitted).status()).isEqualTo(DisbursementStatus.SETTLED);
        assertThat(fixture.inbox.entries()).singleElement().satisfies(entry -> assertThat(entry.rawBody()).isEqualTo(atLimit));
    }

    @Test
    void chunkedBodyOneByteOverTheLimitAnswers413() throws Exception {
        // given
        byte[] overLimit = padded(body("transfer.completed", submitted), LIMIT + 1);

        try (RawHttp connection = new RawHttp(fixture.server.port(), Duration.ofSeconds(5))) {
            // when
            connection.write(head(overLimit, Map.of("Transfer-Encoding", "chunked"))).writeChunked(overLimit, 1000);
            RawHttp.Response response = connection.readResponse();

            // then
            assertThat(response.status()).isEqualTo(413);
            assertThat(connection.closedByServer()).isTrue();
        }
        assertNothingStored();
        assertThat(fixture.answered("too_large")).isEqualTo(1.0);
    }

    @Test
    void megabyteChunkedBodyIsRefusedWhileBeingSentAndNeverBuffered() throws Exception {
        // given
        int attempts = 5;
        long allocatedBefore = serverThreadsAllocatedBytes();

        // when
        for (int attempt = 0; attempt < attempts; attempt++) {
            MegabyteAttempt result = sendMegabyteChunked();

            // then: the answer came after at most 64 KB, and the server closed the connection rather than
            // reading the rest, so the client could not finish sending its megabyte
            assertThat(result.status()).isEqualTo(413);
            assertThat(result.bytesSent()).as("bytes the client could send before the server closed the connection").isLessThan(MEGABYTE);
        }
        long allocatedPerAttempt = (serverThreadsAllocatedBytes() - allocatedBefore) / attempts;
        assertThat(allocatedPerAttempt).as("bytes the server's threads allocated per 1 MB attempt")
                .isLessThan(MEGABYTE / 2);
        assertNothingStored();
        assertThat(fixture.answered("too_large")).isEqualTo(attempts);
    }

    private record MegabyteAttempt(int status, long bytesSent) {
    }

    private MegabyteAttempt sendMegabyteChunked() throws Exception {
        byte[] chunk = new byte[1024];
        Arrays.fill(chunk, (byte) ' ');
        try (RawHttp connection = new RawHttp(fixture.server.port(), Duration.ofSeconds(5))) {
            connection.write(head(chunk, Map.of("Transfer-Encoding", "chunked")));
            CompletableFuture<RawHttp.Response> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return connection.readResponse();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            long sent = 0;
            try {
                while (sent < MEGABYTE) {
                    if (sent == 64 * 1024) {
                        // The answer must not depend on the client sending the whole body.
                        answer.get(5, TimeUnit.SECONDS);
                    }
                    connection.writeChunk(chunk, 0, chunk.length);
                    sent += chunk.length;
                }
                connection.write("0\r\n\r\n");
            } catch (IOException closedByServer) {
                // expected: the server stopped reading
            }
            return new MegabyteAttempt(answer.get(5, TimeUnit.SECONDS).status(), sent);
        }
    }

    /** Heap bytes allocated so far by the Undertow (XNIO) threads of this JVM. */
    private static long serverThreadsAllocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("XNIO-"))
                .mapToLong(thread -> Math.max(0, threads.getThreadAllocatedBytes(thread.getId())))
                .sum();
    }

    private String head(byte[] signedBody, Map<String, String> framing) {
        Map<String, String> headers = new HashMap<>(fixture.signed(CURRENT_KEY, fixture.newWebhookId(), signedBody));
        headers.putAll(framing);
        return RawHttp.head("POST", UndertowWebhookServer.PATH, headers);
    }

    private void assertNothingStored() {
        assertThat(fixture.inbox.entries()).isEmpty();
        assertThat(fixture.current(submitted)).isEqualTo(submitted);
    }
}
