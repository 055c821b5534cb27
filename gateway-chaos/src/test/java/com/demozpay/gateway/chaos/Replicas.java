package com.demozpay.gateway.chaos;

import com.demozpay.gateway.app.e2e.FreePorts;
import com.demozpay.gateway.app.e2e.GatewayProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several packaged gateway processes ({@code gateway.jar serve}) on one database, as Kubernetes runs
 * replicas: each keeps its ports across restarts, so the load client's channels and the webhook
 * forwarder find it again. Every run's output is kept in the log directory.
 */
final class Replicas implements AutoCloseable {

    private static final Duration BOOT_LIMIT = Duration.ofSeconds(90);

    /** The ports of one replica. */
    record Ports(int grpc, int webhook, int admin) {
    }

    private final Map<String, String> env;
    private final Path logs;
    private final List<Ports> ports = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final GatewayProcess[] running;
    private final int[] runs;

    Replicas(List<Ports> ports, Map<String, String> env, Path logs) {
        this.env = Map.copyOf(env);
        this.logs = logs;
        this.running = new GatewayProcess[ports.size()];
        this.runs = new int[ports.size()];
        for (Ports own : ports) {
            this.ports.add(own);
            channels.add(ManagedChannelBuilder.forAddress("127.0.0.1", own.grpc()).usePlaintext().build());
        }
    }

    /** Loopback ports for {@code count} replicas, picked before anything starts (the bank needs the webhooks). */
    static List<Ports> pickPorts(int count) {
        List<Ports> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picked.add(new Ports(FreePorts.pick(), FreePorts.pick(), FreePorts.pick()));
        }
        return picked;
    }

    int count() {
        return running.length;
    }

    ManagedChannel channel(int replica) {
        return channels.get(replica);
    }

    synchronized boolean isAlive(int replica) {
        return running[replica] != null && running[replica].isAlive();
    }

    /**
     * Starts the replica and waits for {@code gateway started}. A boot that fails (the database is cut
     * at that moment, say) is tried again until {@code limit}: the gateway fails fast, a supervisor restarts it.
     */
    void start(int replica, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            GatewayProcess process = launch(replica);
            try {
                process.awaitStarted(BOOT_LIMIT);
                channels.get(replica).resetConnectBackoff();
                return;
            } catch (AssertionError bootFailed) {
                process.close();
                saveOutput(replica);
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("replica " + replica + " did not start within " + limit, bootFailed);
                }
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /** SIGKILL: the crash nothing cleans up after. */
    void kill(int replica) {
        GatewayProcess process = current(replica);
        if (process != null) {
            process.kill();
            saveOutput(replica);
        }
    }

    /** SIGTERM, and waits for the graceful stop (killed if it takes longer than {@code limit}). */
    void terminate(int replica, Duration limit) {
        GatewayProcess process = current(replica);
        if (process != null) {
            process.terminate();
            try {
                process.awaitExit(limit);
            } catch (AssertionError tooSlow) {
                process.kill();
            }
            saveOutput(replica);
        }
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
        for (int i = 0; i < running.length; i++) {
            GatewayProcess process = current(i);
            if (process != null) {
                process.close();
                saveOutput(i);
            }
        }
    }

    private synchronized GatewayProcess launch(int replica) {
        if (running[replica] != null && running[replica].isAlive()) {
            throw new IllegalStateException("replica " + replica + " is still running");
        }
        Ports own = ports.get(replica);
        Map<String, String> processEnv = new HashMap<>(env);
        processEnv.put("GATEWAY_GRPC_PORT", Integer.toString(own.grpc()));
        processEnv.put("GATEWAY_WEBHOOK_PORT", Integer.toString(own.webhook()));
        processEnv.put("GATEWAY_ADMIN_PORT", Integer.toString(own.admin()));
        runs[replica]++;
        running[replica] = GatewayProcess.start(processEnv, "serve");
        return running[replica];
    }

    private synchronized GatewayProcess current(int replica) {
        return running[replica];
    }

    private synchronized void saveOutput(int replica) {
        GatewayProcess process = running[replica];
        if (process == null) {
            return;
        }
        try {
            Files.createDirectories(logs);
            Files.writeString(logs.resolve("replica-" + replica + "-run-" + runs[replica] + ".log"), process.output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
