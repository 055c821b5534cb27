package com.demozpay.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.dashen.DashenPartnerClient;
import com.demozpay.gateway.adapter.dashen.DashenSettings;
import com.demozpay.gateway.adapter.dashen.testing.TestKeys;
import com.demozpay.gateway.adapter.dashen.testing.WebhookReceiver;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.sandbox.SandboxProcess.LedgerEntry;
import com.demozpay.gateway.testing.Eventually;
import com.demozpay.gateway.testing.TestDisbursements;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sandbox as a process of its own, driven through its standard input, as the multi-process suites use it. */
class SandboxProcessTest {

    private static WebhookReceiver receiver;
    private static SandboxProcess bank;
    private static DashenPartnerClient client;

    @BeforeAll
    static void startBank() throws Exception {
        receiver = WebhookReceiver.start(TestKeys.published());
        bank = SandboxProcess.start(TestKeys.PUBLISHED_SECRET, receiver.url(),
                List.of("--accept-after", "50ms", "--complete-after", "50ms", "--callback-retry", "50ms"));
        client = new DashenPartnerClient(new DashenSettings(bank.baseUrl(), TestKeys.published(),
                Duration.ofSeconds(3), Duration.ofSeconds(3), 4, true), Clock.systemUTC());
    }

    @AfterAll
    static void stopBank() {
        bank.close();
        receiver.close();
    }

    @Test
    void ledgerAndCountsShowEachTransferOnceWithItsSubmitsAndCallbacks() {
        // given one transfer submitted twice, and one to an account the bank refuses
        Disbursement paid = TestDisbursements.disbursement();
        client.submit(paid);
        client.submit(paid);
        PartnerOutcome refused = client.submit(TestDisbursements.disbursement("1000120000", 15000));

        // when it has completed
        LedgerEntry entry = Eventually.await(() -> entryFor(paid), found -> found != null && found.isFinal());

        // then the books hold it once, with both submits; the refused order is counted but not recorded
        assertThat(refused).isInstanceOf(PartnerOutcome.Rejected.class);
        assertThat(entry.status()).isEqualTo("COMPLETED");
        assertThat(entry.amount()).isEqualTo("150.00");
        assertThat(entry.creditAccount()).isEqualTo(TestDisbursements.GOOD_ACCOUNT);
        assertThat(entry.submits()).isEqualTo(2);
        SandboxProcess.Counts counts = Eventually.await(bank::counts, c -> c.callbacksDelivered() >= 2);
        assertThat(counts.transfers()).isEqualTo(bank.ledger().size());
        assertThat(counts.submits()).isGreaterThanOrEqualTo(3);
        assertThat(counts.line()).startsWith("transfers=").contains("givenUp=");
    }

    @Test
    void downAndUpTypedOnItsInputStopAndResumeListening() {
        // when the bank is told to go down, a submit does not reach it
        bank.command("down");
        Eventually.await(() -> client.submit(TestDisbursements.disbursement()),
                outcome -> outcome instanceof PartnerOutcome.NotReceived);

        // then once it is up again, a submit is accepted
        bank.command("up");
        Eventually.await(() -> client.submit(TestDisbursements.disbursement()),
                outcome -> outcome instanceof PartnerOutcome.Accepted);
    }

    private static LedgerEntry entryFor(Disbursement disbursement) {
        return bank.ledger().stream().filter(e -> e.reference().equals(disbursement.id().toString()))
                .findFirst().orElse(null);
    }
}
