package com.demozpay.gateway.adapter.webhook;

import com.demozpay.gateway.ports.in.HandlePartnerCallbackUseCase;
import com.demozpay.gateway.ports.in.RawCallback;
import io.micrometer.core.instrument.Timer;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Reads a callback's body on the IO thread without blocking, refusing it with 413 the moment it is
 * known to be too large, then hands the raw bytes to the use case on a worker thread (verification
 * and the database block) and answers. The whole body must arrive within {@code bodyDeadline}: the
 * read timeout restarts with every byte, so a client trickling one byte at a time would otherwise
 * hold the connection for hours. The body is never logged: it may be forged.
 */
final class DashenCallbackHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(DashenCallbackHandler.class);
    private static final int MAX_LOGGED_ID_LENGTH = 128;

    private final HandlePartnerCallbackUseCase useCase;
    private final int maxBodyBytes;
    private final WebhookMetrics metrics;
    private final Duration bodyDeadline;

    DashenCallbackHandler(HandlePartnerCallbackUseCase useCase, int maxBodyBytes, Duration bodyDeadline,
            WebhookMetrics metrics) {
        this.useCase = useCase;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyDeadline = bodyDeadline;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Timer.Sample started = metrics.start();
        long declaredLength = exchange.getRequestContentLength();
        if (declaredLength > maxBodyBytes) {
            // Refused before a byte of the body is read (and before any 100-continue is sent).
            refuseTooLarge(exchange, started);
            return;
        }
        BodyCollector collector = new BodyCollector(started, declaredLength);
        collector.deadline = exchange.getIoThread().executeAfter(() -> collector.deadlinePassed(exchange),
                bodyDeadline.toMillis(), TimeUnit.MILLISECONDS);
        exchange.getRequestReceiver().receivePartialBytes(collector, collector);
    }

    /**
     * Collects the body chunk by chunk. Every callback runs on the connection's IO thread; once the
     * body is complete or refused, later callbacks (a close racing the answer) are ignored.
     */
    private final class BodyCollector implements Receiver.PartialBytesCallback, Receiver.ErrorCallback {

        private final Timer.Sample started;
        private final ByteArrayOutputStream body;
        private boolean settled;
        private XnioExecutor.Key deadline;

        BodyCollector(Timer.Sample started, long declaredLength) {
            this.started = started;
            this.body = new ByteArrayOutputStream(declaredLength >= 0 ? (int) declaredLength : 1024);
        }

        @Override
        public void handle(HttpServerExchange exchange, byte[] chunk, boolean last) {
            if (settled) {
                return;
            }
            if (body.size() + chunk.length > maxBodyBytes) {
                settle(exchange);
                refuseTooLarge(exchange, started);
                return;
            }
            body.write(chunk, 0, chunk.length);
            if (last) {
                settled = true;
                deadline.remove();
                byte[] raw = body.toByteArray();
                exchange.dispatch((HttpHandler) dispatched -> process(dispatched, raw, started));
            }
        }

        @Override
        public void error(HttpServerExchange exchange, IOException e) {
            if (settled) {
                return;
            }
            settle(exchange);
            // The client went away or stopped sending (read timeout): nobody is left to answer.
            withWebhookId(log.atInfo(), exchange).setMessage("webhook body not received")
                    .addKeyValue("err", e.toString()).log();
            IoUtils.safeClose(exchange.getConnection());
        }

        /** Runs on the IO thread, like the callbacks, so it never races them. */
        void deadlinePassed(HttpServerExchange exchange) {
            if (settled) {
                return;
            }
            settle(exchange);
            withWebhookId(log.atInfo(), exchange).setMessage("webhook body not received")
                    .addKeyValue("err", "body not complete within " + bodyDeadline.toMillis() + " ms")
                    .addKeyValue("received_bytes", body.size()).log();
            IoUtils.safeClose(exchange.getConnection());
        }

        private void settle(HttpServerExchange exchange) {
            settled = true;
            deadline.remove();
            exchange.getRequestReceiver().pause();
        }
    }

    private void process(HttpServerExchange exchange, byte[] body, Timer.Sample started) {
        RawCallback callback = new RawCallback(headers(exchange), body);
        WebhookAnswer answer;
        RuntimeException failure = null;
        try {
            answer = WebhookAnswer.of(useCase.handle(callback));
        } catch (RuntimeException e) {
            failure = e;
            answer = WebhookAnswer.of(e);
        }
        answer(exchange, answer, started, failure);
    }

    private void refuseTooLarge(HttpServerExchange exchange, Timer.Sample started) {
        // Not persistent: the connection closes after the answer instead of draining the rest of the body.
        exchange.setPersistent(false);
        answer(exchange, WebhookAnswer.TOO_LARGE, started, null);
    }

    private void answer(HttpServerExchange exchange, WebhookAnswer answer, Timer.Sample started,
            RuntimeException failure) {
        metrics.answered(answer, started);
        LoggingEventBuilder event = withWebhookId(log.atLevel(levelOf(answer)), exchange)
                .setMessage("webhook answered")
                .addKeyValue("outcome", answer.label())
                .addKeyValue("status", answer.status());
        if (failure != null) {
            // Safe to log: rejection messages never carry the body or a signature (see CallbackRejectedException).
            event = event.addKeyValue("err", failure.toString());
        }
        if (answer == WebhookAnswer.ERROR) {
            event = event.setCause(failure);
        }
        event.log();
        HttpAnswers.json(exchange, answer.status(), answer.body());
    }

    private static Level levelOf(WebhookAnswer answer) {
        if (answer == WebhookAnswer.ERROR) {
            return Level.ERROR;
        }
        return answer.status() >= 400 ? Level.WARN : Level.INFO;
    }

    private static Map<String, String> headers(HttpServerExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            headers.put(values.getHeaderName().toString(), values.getFirst());
        }
        return headers;
    }

    /** Adds the bank's event id when the request has one; a forged one is cut short. */
    private static LoggingEventBuilder withWebhookId(LoggingEventBuilder event, HttpServerExchange exchange) {
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        if (id == null) {
            return event;
        }
        return event.addKeyValue("webhook_id", id.length() > MAX_LOGGED_ID_LENGTH ? id.substring(0, MAX_LOGGED_ID_LENGTH) : id);
    }
}
