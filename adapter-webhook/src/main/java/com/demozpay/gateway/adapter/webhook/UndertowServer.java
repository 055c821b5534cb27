package com.demozpay.gateway.adapter.webhook;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * An Undertow HTTP listener with the limits every one of ours needs: timeouts on every read and write,
 * bounded worker threads, a bounded number of connections, small headers, and a graceful stop. Its subclasses only say what they serve.
 */
public abstract sealed class UndertowServer permits UndertowWebhookServer, UndertowAdminServer {

    private static final Logger log = LoggerFactory.getLogger(UndertowServer.class);

    /** The bank sends a handful of short headers; Undertow's default would buffer up to 1 MB of them. */
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    /**
     * After the grace period, how long stragglers still get before their threads are interrupted.
     * Without it Undertow's stop would wait forever for a request stuck in the database.
     */
    private static final int STRAGGLER_MILLIS = 1000;

    private final String name;
    private final GracefulShutdownHandler graceful;
    private final Undertow undertow;
    private final String transport;
    private volatile int boundPort = -1;

    UndertowServer(String name, ListenerSettings settings, HttpHandler routes) {
        this(name, settings, Optional.empty(), routes);
    }

    /** With {@code tls}, the listener speaks only HTTPS (HTTP/1.1), presenting that context's certificate. */
    UndertowServer(String name, ListenerSettings settings, Optional<SSLContext> tls, HttpHandler routes) {
        this.name = name;
        this.transport = tls.isPresent() ? "tls" : "plaintext";
        this.graceful = new GracefulShutdownHandler(routes);
        int readTimeoutMillis = (int) settings.readTimeout().toMillis();
        Undertow.Builder builder = Undertow.builder();
        tls.ifPresentOrElse(context -> builder.addHttpsListener(settings.port(), settings.host(), context),
                () -> builder.addHttpListener(settings.port(), settings.host()));
        this.undertow = builder
                .setIoThreads(1)
                .setWorkerThreads(settings.workerThreads())
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, readTimeoutMillis)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, readTimeoutMillis)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, STRAGGLER_MILLIS)
                .setSocketOption(Options.READ_TIMEOUT, readTimeoutMillis)
                .setSocketOption(Options.WRITE_TIMEOUT, readTimeoutMillis)
                // At the high-water mark the listener stops accepting; it resumes below the low one.
                .setSocketOption(Options.CONNECTION_HIGH_WATER, settings.maxConnections())
                .setSocketOption(Options.CONNECTION_LOW_WATER, Math.max(1, settings.maxConnections() * 9 / 10))
                .setHandler(graceful)
                .build();
    }

    public void start() {
        undertow.start();
        boundPort = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        log.atInfo().setMessage("http listener started").addKeyValue("listener", name).addKeyValue("port", boundPort)
                .addKeyValue("transport", transport).log();
    }

    /** The bound port, once started: the real one when the settings asked for port 0. */
    public int port() {
        if (boundPort < 0) {
            throw new IllegalStateException(name + " listener is not started");
        }
        return boundPort;
    }

    /**
     * Answers 503 to every new request (the bank retries those), waits up to {@code grace} for the
     * requests in flight, then closes the port and the connections. Returns whether they all finished
     * in time.
     */
    public boolean stop(Duration grace) {
        if (boundPort < 0) {
            return true;
        }
        // Not ListenerInfo.suspend(): it closes every open connection, requests in flight included.
        graceful.shutdown();
        boolean drained;
        try {
            drained = graceful.awaitShutdown(Math.max(1, grace.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        undertow.stop();
        log.atInfo().setMessage("http listener stopped").addKeyValue("listener", name)
                .addKeyValue("drained", drained).log();
        return drained;
    }
}
