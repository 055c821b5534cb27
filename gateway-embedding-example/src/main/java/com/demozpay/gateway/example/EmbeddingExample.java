package com.demozpay.gateway.example;

import com.demozpay.gateway.adapter.dashen.DashenCallbackVerifier;
import com.demozpay.gateway.adapter.dashen.DashenPartnerClient;
import com.demozpay.gateway.adapter.dashen.DashenSettings;
import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
import com.demozpay.gateway.adapter.postgres.Migrations;
import com.demozpay.gateway.adapter.postgres.PostgresCallbackInbox;
import com.demozpay.gateway.adapter.postgres.PostgresDisbursementStore;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementDraft;
import com.demozpay.gateway.domain.DisbursementLimits;
import com.demozpay.gateway.domain.Product;
import com.demozpay.gateway.ports.DisbursementGateway;
import com.demozpay.gateway.ports.in.StatusQuery;
import com.demozpay.gateway.ports.service.LeasePolicy;
import com.demozpay.gateway.sandbox.DashenSandbox;
import com.demozpay.gateway.sandbox.SandboxFaults;
import com.demozpay.gateway.sandbox.SandboxSettings;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The gateway embedded in a plain Java program: PostgreSQL for the state, the Dashen sandbox for the
 * bank, no server of any kind. It pays one earned-wage advance and waits until the bank has settled it.
 * docs/embedding.md walks through {@link #disburse} line by line.
 *
 * <p>Run it with a database URL: {@code java ... com.demozpay.gateway.example.EmbeddingExample
 * "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"}.
 */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(args[0]);
        System.out.println(run(database));
    }

    /** Starts a sandbox bank on loopback, disburses through it, and returns the final disbursement. */
    static Disbursement run(DataSource database) throws InterruptedException {
        DashenSigningKey key = randomKey();
        try (DashenSandbox bank = DashenSandbox.start(SandboxSettings.defaults(key), new SandboxFaults())) {
            return disburse(database, new DashenSettings(bank.baseUrl(), key, Duration.ofSeconds(2),
                    Duration.ofSeconds(10), 8, true)); // true: the sandbox speaks plain http on loopback
        }
    }

    static Disbursement disburse(DataSource database, DashenSettings bank) throws InterruptedException {
        new Migrations(database).apply();
        try (DisbursementGateway gateway = DisbursementGateway.builder()
                .store(new PostgresDisbursementStore(database))
                .inbox(new PostgresCallbackInbox(database))
                .partner(new DashenPartnerClient(bank, Clock.systemUTC()))
                .callbackVerifier(new DashenCallbackVerifier(bank.signingKey(), Optional.empty(), Clock.systemUTC()))
                .limits(new DisbursementLimits(1_000_000_00))
                .leasePolicy(LeasePolicy.forCallsOf(Duration.ofSeconds(30), Duration.ofSeconds(12)))
                .build()) {
            gateway.startReconciling(Duration.ofSeconds(30));
            Disbursement disbursement = gateway.initiate().initiate(new DisbursementDraft("advance-2041",
                    Product.EWA, "ewa-2041", 150_00, "ETB", "1000123456789", "Abebe Kebede", "Earned-wage advance"));
            StatusQuery askTheBank = new StatusQuery(new StatusQuery.Lookup.ById(disbursement.id()), true);
            while (!disbursement.status().isFinal()) {
                Thread.sleep(500);
                disbursement = gateway.status().getStatus(askTheBank);
            }
            return disbursement;
        }
    }

    /** A throwaway key that the sandbox and the client share; a real host reads the bank's from its secrets. */
    private static DashenSigningKey randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return DashenSigningKey.parse("whsec_" + Base64.getEncoder().encodeToString(key));
    }
}
