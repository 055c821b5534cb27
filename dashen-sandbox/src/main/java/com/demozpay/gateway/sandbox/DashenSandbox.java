package com.demozpay.gateway.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process fake Dashen Bank on loopback that speaks sections 2 and 3 of the contract: it checks
 * request signatures, keeps transfers in memory, de-duplicates by reference, answers 409 and 422 by
 * rule, moves each transfer on and sends signed callbacks, retrying them with back-off. It misbehaves
 * on demand ({@link #faults()}, {@link #goDown()}) and counts what it received, so that tests and the
 * app's demo mode can prove that nothing was sent twice. Built on the JDK's own HTTP server; run it
 * alone with {@link SandboxMain}.
 */
public final class DashenSandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DashenSandbox.class);
    private static final int BACKLOG = 50;

    private final SandboxFaults faults;
    private final SandboxLedger ledger = new SandboxLedger();
    private final CallbackSender callbacks;
    private final SandboxHandler handler;
    private final ExecutorService requestThreads = Executors.newCachedThreadPool(daemon("dashen-sandbox-http"));
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, daemon("dashen-sandbox-bank"));
    private final int port;
    private HttpServer server;

    private DashenSandbox(SandboxSettings settings, SandboxFaults faults) throws IOException {
        this.faults = faults;
        Clock clock = Clock.systemUTC();
        Dice dice = new Dice(settings.seed());
        this.callbacks = new CallbackSender(settings, faults, scheduler, clock);
        TransferProgress progress = new TransferProgress(ledger, callbacks, scheduler, settings, faults, dice, clock);
        this.handler = new SandboxHandler(settings, faults, ledger, progress, dice, clock);
        this.server = listen(settings.port());
        this.port = server.getAddress().getPort();
    }

    /** Starts listening on loopback. */
    public static DashenSandbox start(SandboxSettings settings, SandboxFaults faults) {
        try {
            DashenSandbox sandbox = new DashenSandbox(settings, faults);
            log.atInfo().setMessage("sandbox started").addKeyValue("base_url", sandbox.baseUrl()).log();
            return sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox cannot listen on port " + settings.port(), e);
        }
    }

    public int port() {
        return port;
    }

    /** The base URL to give the client, {@code http://127.0.0.1:<port>}. */
    public URI baseUrl() {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port);
    }

    /** The live fault settings: changes apply to the next request or callback. */
    public SandboxFaults faults() {
        return faults;
    }

    /** Stops listening: connections are refused until {@link #comeUp()}. Transfers and callbacks go on. */
    public synchronized void goDown() {
        if (server != null) {
            server.stop(0);
            server = null;
            log.atInfo().setMessage("sandbox down").addKeyValue("port", port).log();
        }
    }

    /** Listens again on the same port. */
    public synchronized void comeUp() {
        if (server == null) {
            try {
                server = listen(port);
            } catch (IOException e) {
                throw new UncheckedIOException("sandbox cannot listen again on port " + port, e);
            }
            log.atInfo().setMessage("sandbox up").addKeyValue("port", port).log();
        }
    }

    public synchronized boolean isDown() {
        return server == null;
    }

    /** How many signed, readable submits named this reference, repeats included. */
    public int submitsFor(String reference) {
        return ledger.submitsFor(reference);
    }

    public int totalSubmits() {
        return ledger.totalSubmits();
    }

    /** How many transfers the bank holds: each one can be paid at most once. */
    public int distinctTransfers() {
        return ledger.distinctTransfers();
    }

    public Optional<SandboxTransfer> transfer(String reference) {
        return ledger.find(reference);
    }

    /** Every transfer the bank holds, as it stands now: the books an auditor compares with ours. */
    public List<SandboxTransfer> transfers() {
        return ledger.all();
    }

    public CallbackStats callbackStats() {
        return callbacks.stats();
    }

    @Override
    public void close() {
        goDown();
        scheduler.shutdownNow();
        requestThreads.shutdownNow();
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), BACKLOG);
        created.createContext("/", handler);
        created.setExecutor(requestThreads);
        created.start();
        return created;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
