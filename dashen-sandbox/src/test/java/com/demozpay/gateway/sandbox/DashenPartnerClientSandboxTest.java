package com.demozpay.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.demozpay.gateway.adapter.dashen.DashenPartnerClient;
import com.demozpay.gateway.adapter.dashen.DashenSettings;
import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
import com.demozpay.gateway.adapter.dashen.PartnerHealth;
import com.demozpay.gateway.adapter.dashen.testing.TestKeys;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.demozpay.gateway.testing.CapturedLogs;
import com.demozpay.gateway.testing.Eventually;
import com.demozpay.gateway.testing.TestDisbursements;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real client against the sandbox bank over loopback: every outcome class and every fault mode. */
class DashenPartnerClientSandboxTest {

    // Generous, for a shared and busy machine; the timeout tests use an impatient client instead.
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration HOLD = Duration.ofSeconds(10);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private DashenSandbox sandbox;

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    private DashenSandbox startSandbox(Duration acceptAfter, Duration completeAfter) {
        sandbox = DashenSandbox.start(SandboxSettings.defaults(TestKeys.published()).withDelays(acceptAfter, completeAfter),
                new SandboxFaults());
        return sandbox;
    }

    private DashenSandbox startSandbox() {
        return startSandbox(Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    private DashenPartnerClient client(DashenSigningKey key, Duration requestTimeout) {
        var settings = new DashenSettings(sandbox.baseUrl(), key, TIMEOUT, requestTimeout, 4, true);
        return new DashenPartnerClient(settings, Clock.systemUTC(), registry);
    }

    private DashenPartnerClient client() {
        return client(TestKeys.published(), TIMEOUT);
    }

    private DashenPartnerClient impatientClient() {
        return client(TestKeys.published(), SHORT_TIMEOUT);
    }

    private static PartnerEvent acceptedEvent(PartnerOutcome outcome) {
        assertThat(outcome).isInstanceOf(PartnerOutcome.Accepted.class);
        return ((PartnerOutcome.Accepted) outcome).event();
    }

    @Test
    void newTransferIsAcceptedAsSubmittedWithTheBanksTransferId() {
        // given
        startSandbox();
        Disbursement disbursement = TestDisbursements.disbursement();

        // when
        PartnerOutcome outcome = client().submit(disbursement);

        // then the bank holds it as PENDING, which is our SUBMITTED, under its own transfer id
        PartnerEvent event = acceptedEvent(outcome);
        SandboxTransfer held = sandbox.transfer(disbursement.id().toString()).orElseThrow();
        assertThat(event.status()).isEqualTo(DisbursementStatus.SUBMITTED);
        assertThat(event.partnerReference()).hasValueSatisfying(ref -> assertThat(ref.value()).isEqualTo(held.transferId()));
        assertThat(held.order()).isEqualTo(new SandboxTransfer.Order(disbursement.id().toString(), "150.00", "ETB",
                TestDisbursements.GOOD_ACCOUNT, "Abebe Kebede", "wage advance"));
    }

    @Test
    void repeatedSubmitIsAcceptedAgainAndTheBankHoldsOneTransfer() {
        startSandbox();
        DashenPartnerClient client = client();
        Disbursement disbursement = TestDisbursements.disbursement();

        PartnerEvent first = acceptedEvent(client.submit(disbursement));
        PartnerEvent second = acceptedEvent(client.submit(disbursement));

        assertThat(second.partnerReference()).isEqualTo(first.partnerReference());
        assertThat(sandbox.submitsFor(disbursement.id().toString())).isEqualTo(2);
        assertThat(sandbox.distinctTransfers()).isEqualTo(1);
    }

    @Test
    void submitAfterTheBankAcceptedReportsAccepted() {
        // given a transfer the bank has moved to ACCEPTED
        startSandbox(Duration.ofMillis(20), Duration.ofSeconds(10));
        DashenPartnerClient client = client();
        Disbursement disbursement = TestDisbursements.disbursement();
        client.submit(disbursement);
        Eventually.await(() -> sandbox.transfer(disbursement.id().toString()).orElseThrow().status(),
                status -> status == SandboxTransfer.Status.ACCEPTED);

        // when it is submitted again, then the answer (200) says ACCEPTED
        assertThat(acceptedEvent(client.submit(disbursement)).status()).isEqualTo(DisbursementStatus.ACCEPTED);
    }

    @Test
    void accountRefusedByTheDefaultRuleIsRejectedWithTheBanksCode() {
        startSandbox();

        PartnerOutcome outcome = client().submit(TestDisbursements.disbursement("1000120000", 15000));

        assertThat(outcome).isInstanceOfSatisfying(PartnerOutcome.Rejected.class,
                rejected -> assertThat(rejected.failure().code()).isEqualTo("INVALID_ACCOUNT"));
        assertThat(sandbox.distinctTransfers()).isZero();
    }

    @Test
    void refusalRulesChangedWhileRunningApplyToTheNextSubmit() {
        // given a running sandbox whose rules change to refuse *9999 accounts and amounts above 1000.00
        startSandbox();
        DashenPartnerClient client = client();
        sandbox.faults().rejectRules(List.of(new SandboxFaults.RejectRule("9999", "ACCOUNT_CLOSED"))).limitMinor(100000);

        // when
        PartnerOutcome closed = client.submit(TestDisbursements.disbursement("1000129999", 15000));
        PartnerOutcome overLimit = client.submit(TestDisbursements.disbursement(TestDisbursements.GOOD_ACCOUNT, 100001));
        PartnerOutcome formerlyRefused = client.submit(TestDisbursements.disbursement("1000120000", 15000));

        // then
        assertThat(closed).isEqualTo(new PartnerOutcome.Rejected(new Failure("ACCOUNT_CLOSED", "account refused by rule *9999")));
        assertThat(overLimit).isInstanceOfSatisfying(PartnerOutcome.Rejected.class,
                rejected -> assertThat(rejected.failure().code()).isEqualTo("LIMIT_EXCEEDED"));
        assertThat(formerlyRefused).isInstanceOf(PartnerOutcome.Accepted.class);
    }

    @Test
    void sameReferenceWithOtherContentIsUnknownNeverFailedAndLoggedLoudly() {
        // given the bank holds a transfer under this reference, which it may be paying
        startSandbox();
        DashenPartnerClient client = client();
        Disbursement original = TestDisbursements.disbursement();
        client.submit(original);

        try (CapturedLogs logs = CapturedLogs.of(DashenPartnerClient.class)) {
            // when the same reference comes with another amount
            PartnerOutcome outcome = client.submit(TestDisbursements.withId(original.id(), TestDisbursements.GOOD_ACCOUNT, 16000));

            // then it is not a refusal (that would make the disbursement FAILED and invite paying again)
            assertThat(outcome).isInstanceOfSatisfying(PartnerOutcome.Unknown.class,
                    unknown -> assertThat(unknown.cause()).startsWith("REFERENCE_CONFLICT"));
            // and it is loud: one ERROR line and its own outcome label
            assertThat(logs.events()).filteredOn(e -> e.getLevel() == Level.ERROR)
                    .extracting(e -> e.getKeyValuePairs().toString())
                    .singleElement().asString().contains("REFERENCE_CONFLICT");
        }
        assertThat(count("submit", "reference_conflict")).isEqualTo(1.0);
        assertThat(sandbox.transfer(original.id().toString()).orElseThrow().order().amount()).isEqualTo("150.00");
    }

    @Test
    void wrongSigningKeyIsUnknownForSubmitUnavailableForLookupAndLoggedLoudly() {
        // given a client that signs with a key the bank does not know
        startSandbox();
        DashenPartnerClient client = client(TestKeys.other(), TIMEOUT);
        Disbursement disbursement = TestDisbursements.disbursement();

        try (CapturedLogs logs = CapturedLogs.of(DashenPartnerClient.class)) {
            // when
            PartnerOutcome outcome = client.submit(disbursement);
            TransferLookup lookup = client.lookup(disbursement.id());

            // then nothing is treated as a refusal of the customer's transfer
            assertThat(outcome).isInstanceOfSatisfying(PartnerOutcome.Unknown.class,
                    unknown -> assertThat(unknown.cause()).contains("401"));
            assertThat(lookup).isInstanceOf(TransferLookup.Unavailable.class);
            // and it is loud: two ERROR lines and a counter
            assertThat(logs.events()).filteredOn(e -> e.getLevel() == Level.ERROR)
                    .extracting(e -> e.getFormattedMessage())
                    .containsExactly("partner rejected our signature", "partner rejected our signature");
            assertThat(logs.events()).allSatisfy(e -> assertThat(e.getKeyValuePairs().toString())
                    .doesNotContain(TestKeys.OTHER_SECRET.substring(6)).doesNotContain(TestDisbursements.GOOD_ACCOUNT));
        }
        assertThat(registry.get("demozpay.partner.signature.rejected").tag("operation", "submit").counter().count())
                .isEqualTo(1.0);
        assertThat(sandbox.totalSubmits()).isZero();
    }

    @Test
    void serverErrorAfterRecordingIsUnknownAndTheRetryIsDeduplicated() {
        // given a bank that records the transfer, then answers 500
        startSandbox();
        DashenPartnerClient client = client();
        Disbursement disbursement = TestDisbursements.disbursement();
        sandbox.faults().errorAfterRecord(1.0);

        // when
        PartnerOutcome outcome = client.submit(disbursement);

        // then the outcome is unknown although the bank has it
        assertThat(outcome).isEqualTo(new PartnerOutcome.Unknown("HTTP 500"));
        assertThat(client.lookup(disbursement.id())).isInstanceOf(TransferLookup.Found.class);

        // and once the fault clears, the same reference sent again finds the same single transfer
        sandbox.faults().errorAfterRecord(0.0);
        assertThat(client.submit(disbursement)).isInstanceOf(PartnerOutcome.Accepted.class);
        assertThat(sandbox.submitsFor(disbursement.id().toString())).isEqualTo(2);
        assertThat(sandbox.distinctTransfers()).isEqualTo(1);
    }

    @Test
    void throttledCallsAreUnknownOrUnavailableAndNothingIsRecorded() {
        startSandbox();
        DashenPartnerClient client = client();
        Disbursement disbursement = TestDisbursements.disbursement();
        sandbox.faults().throttle(1.0);

        assertThat(client.submit(disbursement)).isEqualTo(new PartnerOutcome.Unknown("HTTP 429"));
        assertThat(client.lookup(disbursement.id())).isEqualTo(new TransferLookup.Unavailable("HTTP 429"));
        assertThat(sandbox.distinctTransfers()).isZero();
    }

    @Test
    void latencyWithinTheTimeoutOnlySlowsTheAnswer() {
        startSandbox();
        sandbox.faults().latency(Duration.ofMillis(100));

        long started = System.nanoTime();
        PartnerOutcome outcome = client().submit(TestDisbursements.disbursement());

        assertThat(outcome).isInstanceOf(PartnerOutcome.Accepted.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void latencyBeyondTheTimeoutIsUnknown() {
        startSandbox();
        sandbox.faults().latency(HOLD);

        PartnerOutcome outcome = impatientClient().submit(TestDisbursements.disbursement());

        assertThat(outcome).isInstanceOfSatisfying(PartnerOutcome.Unknown.class,
                unknown -> assertThat(unknown.cause()).contains("timeout"));
    }

    @Test
    void answerHeldPastTheTimeoutIsUnknownThoughTheBankRecordedTheTransfer() {
        // given a bank that records the transfer, then holds its answer for 10 s
        startSandbox();
        DashenPartnerClient client = impatientClient();
        Disbursement disbursement = TestDisbursements.disbursement();
        sandbox.faults().hang(1.0, HOLD);

        // when
        long started = System.nanoTime();
        PartnerOutcome outcome = client.submit(disbursement);
        TransferLookup lookup = client.lookup(disbursement.id());

        // then the client gives up at its timeout, and the bank has it all the same
        assertThat(outcome).isInstanceOf(PartnerOutcome.Unknown.class);
        assertThat(lookup).isInstanceOf(TransferLookup.Unavailable.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HOLD);
        assertThat(sandbox.transfer(disbursement.id().toString())).isPresent();
        assertThat(sandbox.submitsFor(disbursement.id().toString())).isEqualTo(1);
    }

    @Test
    void bankThatIsDownIsNotReceivedAndBackUpOnTheSamePortAcceptsAgain() {
        // given a bank that stopped listening
        startSandbox();
        int port = sandbox.port();
        sandbox.goDown();
        DashenPartnerClient client = client();
        Disbursement disbursement = TestDisbursements.disbursement();

        // when
        PartnerOutcome whileDown = client.submit(disbursement);
        TransferLookup lookupWhileDown = client.lookup(disbursement.id());

        // then the request never left, and the bank shows as down
        assertThat(whileDown).isInstanceOf(PartnerOutcome.NotReceived.class);
        assertThat(lookupWhileDown).isInstanceOf(TransferLookup.Unavailable.class);
        assertThat(client.health().state()).isEqualTo(PartnerHealth.State.DOWN);
        assertThat(registry.get("demozpay.dependency.up").tag("dependency", "dashen").gauge().value()).isZero();

        // and when it is back on the same port, the same submit goes through once
        sandbox.comeUp();
        assertThat(sandbox.port()).isEqualTo(port);
        assertThat(client.submit(disbursement)).isInstanceOf(PartnerOutcome.Accepted.class);
        assertThat(sandbox.submitsFor(disbursement.id().toString())).isEqualTo(1);
        assertThat(client.health().state()).isEqualTo(PartnerHealth.State.DEGRADED);
        assertThat(registry.get("demozpay.dependency.up").tag("dependency", "dashen").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void lookupOfAReferenceTheBankNeverReceivedIsNotFound() {
        startSandbox();

        assertThat(client().lookup(new DisbursementId(UUID.randomUUID()))).isInstanceOf(TransferLookup.NotFound.class);
    }

    @Test
    void lookupFollowsTheTransferToSettledWithItsAmount() {
        startSandbox(Duration.ofMillis(20), Duration.ofMillis(20));
        DashenPartnerClient client = client();
        Disbursement disbursement = TestDisbursements.disbursement();
        PartnerEvent submitted = acceptedEvent(client.submit(disbursement));

        TransferLookup settled = Eventually.await(() -> client.lookup(disbursement.id()),
                lookup -> lookup instanceof TransferLookup.Found found && found.event().status() == DisbursementStatus.SETTLED);

        PartnerEvent event = ((TransferLookup.Found) settled).event();
        assertThat(event.amount()).contains(Money.etb(15000));
        assertThat(event.partnerReference()).isEqualTo(submitted.partnerReference());
    }

    @Test
    void transferThatFailsLaterIsFoundFailedWithTheBanksCode() {
        startSandbox(Duration.ofMillis(20), Duration.ofMillis(20));
        sandbox.faults().failLater(1.0, "ACCOUNT_CLOSED");
        DashenPartnerClient client = client();
        Disbursement disbursement = TestDisbursements.disbursement();
        client.submit(disbursement);

        TransferLookup failed = Eventually.await(() -> client.lookup(disbursement.id()),
                lookup -> lookup instanceof TransferLookup.Found found && found.event().status() == DisbursementStatus.FAILED);

        assertThat(((TransferLookup.Found) failed).event().failure())
                .contains(new Failure("ACCOUNT_CLOSED", "failed by the sandbox"));
    }

    @Test
    void callsAreCountedAndTimedByOperationAndOutcome() {
        startSandbox();
        DashenPartnerClient client = client();
        Disbursement disbursement = TestDisbursements.disbursement();

        client.submit(disbursement);
        client.submit(TestDisbursements.disbursement("1000120000", 100));
        client.lookup(disbursement.id());
        client.lookup(new DisbursementId(UUID.randomUUID()));

        assertThat(count("submit", "accepted")).isEqualTo(1.0);
        assertThat(count("submit", "rejected")).isEqualTo(1.0);
        assertThat(count("lookup", "found")).isEqualTo(1.0);
        assertThat(count("lookup", "not_found")).isEqualTo(1.0);
        assertThat(registry.get("demozpay.partner.call.duration").tags("operation", "submit", "outcome", "accepted")
                .timer().count()).isEqualTo(1);
        assertThat(client.health().state()).isEqualTo(PartnerHealth.State.UP);
    }

    private double count(String operation, String outcome) {
        return registry.get("demozpay.partner.calls").tags("operation", operation, "outcome", outcome).counter().count();
    }
}
