package com.demozpay.gateway.chaos;

import com.demozpay.gateway.adapter.postgres.TcpProxy;
import com.demozpay.gateway.adapter.postgres.TestDatabase;
import com.demozpay.gateway.sandbox.SandboxProcess;
import com.demozpay.gateway.app.e2e.SigningKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * One chaos run, start to end: a fresh database behind a proxy, the sandbox bank as its own process,
 * three gateway replicas with the bank's callbacks spread over them, callers sending payments while the
 * {@link FaultSchedule} breaks things; then every fault off, unanswered payments sent again, a bounded
 * wait for the reconcilers, and the {@link Audit} of both sets of books. Everything it started is
 * stopped in {@link #close()}.
 */
final class ChaosRun implements AutoCloseable {

    private static final int REPLICAS = 3;
    /** One payment in twenty goes to an account the bank refuses (422), so FAILED is exercised too. */
    private static final int REFUSED_ONE_IN = 20;
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(90);

    private final ChaosSettings settings;
    private final Path logs;
    private final List<AutoCloseable> started = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopEverything, "chaos-shutdown");
    private TestDatabase database;

    ChaosRun(ChaosSettings settings, Path logs) {
        this.settings = settings;
        this.logs = logs;
    }

    /** What a run starts: every part stopped in {@link #close()}. */
    private record Setup(TcpProxy database, WebhookForwarder forwarder, SandboxProcess bank, Replicas replicas) {
    }

    ChaosReport run() throws Exception {
        Instant begun = Instant.now();
        // Should the JVM be stopped half-way (a build cancelled, a timeout), the processes go with it.
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Setup system = startSystem();
        Duration boot = Duration.between(begun, Instant.now());

        List<Payment> payments = payments();
        LoadClient client = new LoadClient(system.replicas());
        FaultSchedule schedule = new FaultSchedule(settings.seed(), system.replicas(), system.database(), system.bank());
        ExecutorService callers = Executors.newFixedThreadPool(settings.callers());
        try {
            List<Payment> sent = sendUnderChaos(payments, client, schedule, callers);
            resendUnanswered(client, sent, callers);
            Instant drainStarted = Instant.now();
            Books books = awaitSettled(system.bank());
            Duration drain = Duration.between(drainStarted, Instant.now());
            List<String> findings = Audit.findings(sent, client.answers(), books);
            return new ChaosReport(settings, sent.size(), boot, drain, Duration.between(begun, Instant.now()),
                    schedule.applied(), schedule.episodes(), client.attemptsByStatus(), books,
                    system.bank().counts().line(),
                    IntStream.range(0, REPLICAS).mapToObj(system.forwarder()::deliveredTo).toList(), findings);
        } finally {
            callers.shutdownNow();
            schedule.close();
        }
    }

    /**
     * A fresh database behind a proxy, the bank calling back through the forwarder, and the replicas:
     * the first migrates the database, the others boot together.
     */
    private Setup startSystem() throws Exception {
        String secret = SigningKeys.random();
        database = TestDatabase.create();
        TcpProxy proxy = database.startProxy();
        started.add(proxy);
        List<Replicas.Ports> ports = Replicas.pickPorts(REPLICAS);
        WebhookForwarder forwarder = new WebhookForwarder(ports.stream().map(Replicas.Ports::webhook).toList());
        started.add(forwarder);
        SandboxProcess bank = SandboxProcess.start(secret, forwarder.url(), List.of(
                "--seed", Long.toString(settings.seed()), "--accept-after", "300ms", "--complete-after", "300ms",
                "--callback-retry", "200ms", "--callback-attempts", "8", "--fail-later", "0.05:ACCOUNT_CLOSED"));
        started.add(() -> bank.saveOutput(logs.resolve("bank.log")));
        started.add(bank);
        Replicas replicas = new Replicas(ports, gatewayEnvironment(secret, proxy, bank), logs);
        started.add(replicas);
        replicas.start(0, BOOT_LIMIT);
        ExecutorService boots = Executors.newFixedThreadPool(REPLICAS - 1);
        try {
            List<Future<?>> booting = new ArrayList<>();
            for (int replica = 1; replica < REPLICAS; replica++) {
                int which = replica;
                booting.add(boots.submit(() -> replicas.start(which, BOOT_LIMIT)));
            }
            for (Future<?> replica : booting) {
                replica.get(2 * BOOT_LIMIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            boots.shutdownNow();
        }
        return new Setup(proxy, forwarder, bank, replicas);
    }

    /** The callers send payments while the schedule runs; then every fault is healed. Returns the payments sent. */
    private List<Payment> sendUnderChaos(List<Payment> payments, LoadClient client, FaultSchedule schedule,
            ExecutorService callers) throws Exception {
        Instant loadEnds = Instant.now().plus(settings.duration());
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < settings.callers(); i++) {
            Random pace = new Random(settings.seed() + i);
            running.add(callers.submit(() -> call(client, payments, next, loadEnds, pace)));
        }
        schedule.run(settings.duration());
        schedule.heal();
        for (Future<?> caller : running) {
            caller.get(5, TimeUnit.MINUTES);
        }
        return payments.subList(0, Math.min(next.get(), payments.size()));
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or will run
        }
        stopEverything();
    }

    private synchronized void stopEverything() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("chaos: could not stop " + started.get(i) + ": " + e);
            }
        }
        started.clear();
        if (database != null) {
            database.close();
            database = null;
        }
    }

    /** As the e2e fixture runs a gateway: fast background work, short bank timeouts; the database through the proxy. */
    private Map<String, String> gatewayEnvironment(String secret, TcpProxy proxy, SandboxProcess bank) {
        return Map.ofEntries(
                Map.entry("GATEWAY_DATABASE_URL", database.postgresConnectionStringThrough(proxy)),
                Map.entry("GATEWAY_DASHEN_BASE_URL", bank.baseUrl().toString()),
                Map.entry("GATEWAY_DASHEN_SIGNING_KEY", secret),
                Map.entry("GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", "true"),
                Map.entry("GATEWAY_DB_POOL_SIZE", "4"),
                Map.entry("GATEWAY_DB_CONNECT_TIMEOUT", "2s"),
                Map.entry("GATEWAY_RECONCILE_INTERVAL", "300ms"),
                Map.entry("GATEWAY_RECONCILE_INFLIGHT_AFTER", "1s"),
                Map.entry("GATEWAY_RECONCILE_INITIATED_AFTER", "2s"),
                // Longer than a call to the bank (connect + request timeout + 5 s): work stops when less is left.
                Map.entry("GATEWAY_LEASE_DURATION", "8s"),
                Map.entry("GATEWAY_STATUS_REFRESH_AFTER", "1h"),
                Map.entry("GATEWAY_DASHEN_CONNECT_TIMEOUT", "1s"),
                Map.entry("GATEWAY_DASHEN_REQUEST_TIMEOUT", "1s"),
                Map.entry("GATEWAY_SHUTDOWN_GRACE", "2s"));
    }

    private List<Payment> payments() {
        Random random = new Random(settings.seed());
        List<Payment> payments = new ArrayList<>();
        for (int i = 0; i < settings.payments(); i++) {
            payments.add(Payment.number(settings.seed(), i, random.nextInt(REFUSED_ONE_IN) == 0));
        }
        return payments;
    }

    private static void call(LoadClient client, List<Payment> payments, AtomicInteger next, Instant loadEnds,
            Random pace) {
        while (Instant.now().isBefore(loadEnds)) {
            int index = next.getAndIncrement();
            if (index >= payments.size()) {
                return;
            }
            client.send(payments.get(index), Duration.ofSeconds(30));
            Replicas.pause(Duration.ofMillis(pace.nextInt(100)));
        }
    }

    /** With every fault off, what the callers could not get answered is sent again, as the platform would. */
    private static void resendUnanswered(LoadClient client, List<Payment> sent, ExecutorService callers)
            throws Exception {
        List<Future<?>> resends = new ArrayList<>();
        for (Payment payment : sent) {
            if (!client.answered(payment)) {
                resends.add(callers.submit(() -> client.send(payment, Duration.ofSeconds(30))));
            }
        }
        for (Future<?> resend : resends) {
            resend.get(5, TimeUnit.MINUTES);
        }
    }

    /** Polls both books until nothing is moving any more, or the drain limit passes; returns the last read. */
    private Books awaitSettled(SandboxProcess bank) {
        Instant deadline = Instant.now().plus(settings.drain());
        Books books = Books.read(database, bank);
        while (!books.settled() && Instant.now().isBefore(deadline)) {
            Replicas.pause(Duration.ofMillis(500));
            books = Books.read(database, bank);
        }
        return books;
    }
}
