package com.demozpay.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.adapter.dashen.DashenPartnerClient;
import com.demozpay.gateway.adapter.dashen.DashenSettings;
import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
import com.demozpay.gateway.adapter.dashen.DashenStatementClient;
import com.demozpay.gateway.adapter.dashen.testing.TestKeys;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.reconciliation.Statement;
import com.demozpay.gateway.domain.reconciliation.StatementLine;
import com.demozpay.gateway.ports.out.StatementUnavailableException;
import com.demozpay.gateway.testing.Eventually;
import com.demozpay.gateway.testing.TestDisbursements;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The statement client against the sandbox bank over loopback: every page read, states as the bank holds them. */
class DashenStatementClientSandboxTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private DashenSandbox sandbox;

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    private DashenSettings settings(DashenSigningKey key) {
        return new DashenSettings(sandbox.baseUrl(), key, TIMEOUT, TIMEOUT, 4, true);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    @Test
    void statementListsEveryTransferOfTheDayAcrossPagesWithItsStatusAndAmount() {
        // given: more transfers than one page holds, some completed by the time we ask
        sandbox = DashenSandbox.start(SandboxSettings.defaults(TestKeys.published())
                .withDelays(Duration.ofMillis(50), Duration.ofMillis(50)), new SandboxFaults());
        DashenPartnerClient partner = new DashenPartnerClient(settings(TestKeys.published()), Clock.systemUTC());
        List<Disbursement> sent = new ArrayList<>();
        for (int i = 0; i < DashenStatementClient.PAGE_SIZE + 5; i++) {
            Disbursement d = TestDisbursements.disbursement("100000" + (1000 + i), 10_000 + i);
            partner.submit(d);
            sent.add(d);
        }
        Eventually.within(Duration.ofSeconds(20), () -> sent.forEach(d -> assertThat(
                sandbox.transfer(d.id().toString()).orElseThrow().status()).isEqualTo(SandboxTransfer.Status.COMPLETED)));

        // when
        Statement statement = new DashenStatementClient(settings(TestKeys.published()), Optional.empty(),
                Clock.systemUTC()).statementFor(today());

        // then
        assertThat(statement.day()).isEqualTo(today());
        assertThat(statement.lines()).hasSize(sent.size());
        Disbursement first = sent.get(0);
        StatementLine line = statement.lines().stream().filter(l -> l.reference().equals(first.id().toString()))
                .findFirst().orElseThrow();
        assertThat(line.amount()).isEqualTo(Money.etb(10_000));
        assertThat(line.status()).isEqualTo(DisbursementStatus.SETTLED);
        assertThat(line.transferId().value()).isEqualTo(sandbox.transfer(first.id().toString()).orElseThrow().transferId());
        assertThat(line.valueDate()).isEqualTo(today());
    }

    @Test
    void statementOfADayWithoutTransfersIsEmpty() {
        sandbox = DashenSandbox.start(SandboxSettings.defaults(TestKeys.published()), new SandboxFaults());

        Statement statement = new DashenStatementClient(settings(TestKeys.published()), Optional.empty(),
                Clock.systemUTC()).statementFor(today().minusDays(3));

        assertThat(statement.lines()).isEmpty();
    }

    @Test
    void aWrongKeyGetsNoStatementAndSaysWhy() {
        sandbox = DashenSandbox.start(SandboxSettings.defaults(TestKeys.published()), new SandboxFaults());
        DashenSigningKey wrong = DashenSigningKey.parse("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]));

        assertThatThrownBy(() -> new DashenStatementClient(settings(wrong), Optional.empty(), Clock.systemUTC())
                .statementFor(today()))
                .isInstanceOf(StatementUnavailableException.class)
                .hasMessageContaining("rejected our signature");
    }

    @Test
    void aBankThatIsDownGivesNoStatement() {
        sandbox = DashenSandbox.start(SandboxSettings.defaults(TestKeys.published()), new SandboxFaults());
        sandbox.goDown();

        assertThatThrownBy(() -> new DashenStatementClient(settings(TestKeys.published()), Optional.empty(),
                Clock.systemUTC()).statementFor(today()))
                .isInstanceOf(StatementUnavailableException.class)
                .hasMessageContaining("no answer from the bank");
    }
}
