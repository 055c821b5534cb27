package com.demozpay.gateway.adapter.webhook;

import com.demozpay.gateway.ports.in.HandlePartnerCallbackUseCase;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.util.Methods;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The listener Dashen Bank calls back on: it serves only {@code POST /webhooks/dashen}, reads each
 * body up to {@code maxBodyBytes} (refusing a larger one with 413 while reading it) and within the
 * read timeout as a whole (cutting a body trickled byte by byte), passes the raw
 * bytes to {@link HandlePartnerCallbackUseCase} on a worker thread, and answers as the contract's
 * section 3 says. Counts every answer in {@code demozpay.webhook.callbacks} and times it in
 * {@code demozpay.webhook.requests}, both tagged {@code outcome}.
 */
public final class UndertowWebhookServer extends UndertowServer {

    public static final String PATH = "/webhooks/dashen";

    public UndertowWebhookServer(ListenerSettings settings, int maxBodyBytes, HandlePartnerCallbackUseCase useCase,
            MeterRegistry registry) {
        this(settings, Optional.empty(), maxBodyBytes, useCase, registry);
    }

    /** With {@code tls}, the bank calls back over HTTPS only, and sees that context's certificate. */
    public UndertowWebhookServer(ListenerSettings settings, Optional<SSLContext> tls, int maxBodyBytes,
            HandlePartnerCallbackUseCase useCase, MeterRegistry registry) {
        super("webhook", settings, tls, routes(maxBodyBytes, settings.readTimeout(), useCase, registry));
    }

    private static HttpHandler routes(int maxBodyBytes, Duration bodyDeadline, HandlePartnerCallbackUseCase useCase,
            MeterRegistry registry) {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("max body bytes must be at least 1");
        }
        DashenCallbackHandler callbacks = new DashenCallbackHandler(useCase, maxBodyBytes, bodyDeadline,
                new WebhookMetrics(registry));
        // Sends "100 Continue" only when the body is read, so a body announced too large is never sent.
        return new PathRouter().route(PATH, List.of(Methods.POST), new HttpContinueReadHandler(callbacks));
    }
}
