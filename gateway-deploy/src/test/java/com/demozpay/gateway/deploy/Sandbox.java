package com.demozpay.gateway.deploy;

import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
import com.demozpay.gateway.sandbox.DashenSandbox;
import com.demozpay.gateway.sandbox.SandboxFaults;
import com.demozpay.gateway.sandbox.SandboxSettings;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * The sandbox bank on loopback, calling the gateway's webhook back. The one class here that names where
 * the sandbox lives (adapter-dashen today, its own dashen-sandbox module after issue 12 item 3).
 */
final class Sandbox implements AutoCloseable {

    final String signingKey;
    private final DashenSandbox bank;

    private Sandbox(String signingKey, DashenSandbox bank) {
        this.signingKey = signingKey;
        this.bank = bank;
    }

    static Sandbox start(int gatewayWebhookPort) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(bytes);
        DashenSandbox bank = DashenSandbox.start(SandboxSettings.defaults(DashenSigningKey.parse(secret))
                .withWebhookUrl(URI.create("http://127.0.0.1:" + gatewayWebhookPort + "/webhooks/dashen"))
                .withDelays(Duration.ofMillis(200), Duration.ofMillis(200))
                .withCallbackRetry(Duration.ofMillis(200), 8), new SandboxFaults());
        return new Sandbox(secret, bank);
    }

    String baseUrl() {
        return bank.baseUrl().toString();
    }

    @Override
    public void close() {
        bank.close();
    }
}
