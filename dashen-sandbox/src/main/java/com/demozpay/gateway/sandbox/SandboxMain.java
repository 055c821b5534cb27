package com.demozpay.gateway.sandbox;

import com.demozpay.gateway.adapter.dashen.InvalidSigningKeyException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox bank alone until the process is stopped. Options are listed in
 * {@link SandboxCommandLine#USAGE}; while it runs, lines on standard input change its fault modes
 * ({@code down}, {@code up}, or fault options such as {@code --latency 2s}).
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(SandboxCommandLine.USAGE);
            return;
        }
        DashenSandbox sandbox;
        try {
            Map<String, String> options = SandboxCommandLine.options(List.of(args));
            SandboxSettings settings = SandboxCommandLine.settings(options, System.getenv("GATEWAY_DASHEN_SIGNING_KEY"));
            SandboxFaults faults = new SandboxFaults();
            SandboxCommandLine.applyFaults(options, faults, false);
            sandbox = DashenSandbox.start(settings, faults);
            System.out.println("dashen sandbox listening on " + sandbox.baseUrl() + ", callbacks to "
                    + settings.webhookUrl().map(Object::toString).orElse("nowhere") + ", " + faults);
        } catch (IllegalArgumentException | InvalidSigningKeyException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.err.print(SandboxCommandLine.USAGE);
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        readCommands(sandbox);
        new CountDownLatch(1).await(); // standard input closed: keep serving until killed
    }

    /**
     * Every transfer as one {@code ledger {json}} line, then {@code ledger end transfers=N}: the books,
     * for a test that runs the sandbox as a process of its own.
     */
    private static void printLedger(DashenSandbox sandbox) {
        List<SandboxTransfer> transfers = sandbox.transfers();
        StringBuilder out = new StringBuilder();
        for (SandboxTransfer transfer : transfers) {
            out.append("ledger ").append(SandboxJson.ledgerLine(transfer, sandbox.submitsFor(transfer.reference())))
                    .append('\n');
        }
        System.out.print(out.append("ledger end transfers=").append(transfers.size()).append('\n'));
        System.out.flush();
    }

    private static void readCommands(DashenSandbox sandbox) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String command = line.strip();
            try {
                switch (command) {
                    case "" -> { }
                    case "down" -> sandbox.goDown();
                    case "up" -> sandbox.comeUp();
                    case "help" -> System.out.print(SandboxCommandLine.USAGE);
                    case "faults" -> System.out.println(sandbox.faults());
                    case "stats" -> System.out.println("transfers=" + sandbox.distinctTransfers() + " submits="
                            + sandbox.totalSubmits() + " down=" + sandbox.isDown() + " " + sandbox.callbackStats());
                    case "ledger" -> printLedger(sandbox);
                    default -> {
                        var options = SandboxCommandLine.options(Arrays.asList(command.split("\\s+")));
                        SandboxCommandLine.applyFaults(options, sandbox.faults(), true);
                        System.out.println(sandbox.faults());
                    }
                }
            } catch (RuntimeException e) {
                System.out.println("sandbox: " + e.getMessage());
            }
        }
    }
}
