package com.demozpay.gateway.domain.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.Beneficiary;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.IdempotencyConflictException;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.Product;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecoveredTransferTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);
    private static final Instant RECOVERED_AT = Instant.parse("2026-12-01T01:00:00Z");
    private static final Instant RETRIED_AT = Instant.parse("2026-12-01T01:05:00Z");

    private static StatementLine line(String reference, DisbursementStatus status, Optional<String> failureCode) {
        return new StatementLine(reference, new PartnerReference("TRF-1"), Money.etb(15000), status, failureCode, DAY);
    }

    private static DisbursementRequest retry(long amountMinor) {
        return new DisbursementRequest(new IdempotencyKey("key-1"), Product.EWA, "ewa-1", Money.etb(amountMinor),
                new Beneficiary("1000123456789", "Abebe Kebede"), Optional.empty());
    }

    @Test
    void aLineUnderOneOfOurIdsIsRecoverableAndAnyOtherReferenceIsNot() {
        UUID id = UUID.randomUUID();

        assertThat(RecoveredTransfer.from(line(id.toString(), DisbursementStatus.SETTLED, Optional.empty()), RECOVERED_AT))
                .map(RecoveredTransfer::id).contains(new DisbursementId(id));
        assertThat(RecoveredTransfer.from(line("TRF-ELSEWHERE", DisbursementStatus.SETTLED, Optional.empty()), RECOVERED_AT))
                .isEmpty();
        assertThat(RecoveredTransfer.from(line(id.toString().toUpperCase(), DisbursementStatus.SETTLED, Optional.empty()),
                RECOVERED_AT)).as("not the text we send").isEmpty();
    }

    @Test
    void aRetryWithTheBanksAmountAdoptsTheTransferInTheBanksState() {
        RecoveredTransfer recovered = RecoveredTransfer.from(line(UUID.randomUUID().toString(), DisbursementStatus.SETTLED,
                Optional.empty()), RECOVERED_AT).orElseThrow();

        Disbursement adopted = recovered.adoptBy(retry(15000), RETRIED_AT);

        assertThat(adopted.id()).isEqualTo(recovered.id());
        assertThat(adopted.status()).isEqualTo(DisbursementStatus.SETTLED);
        assertThat(adopted.partnerReference()).contains(new PartnerReference("TRF-1"));
        assertThat(adopted.request()).isEqualTo(retry(15000));
        assertThat(adopted.failure()).isEmpty();
        assertThat(adopted.createdAt()).isEqualTo(RECOVERED_AT);
        assertThat(adopted.updatedAt()).isEqualTo(RETRIED_AT);
    }

    @Test
    void aFailedTransferIsAdoptedFailedWithTheBanksCodeOrAnUnspecifiedOne() {
        RecoveredTransfer withCode = RecoveredTransfer.from(line(UUID.randomUUID().toString(), DisbursementStatus.FAILED,
                Optional.of("ACCOUNT_CLOSED")), RECOVERED_AT).orElseThrow();
        RecoveredTransfer withoutCode = RecoveredTransfer.from(line(UUID.randomUUID().toString(),
                DisbursementStatus.FAILED, Optional.empty()), RECOVERED_AT).orElseThrow();

        assertThat(withCode.adoptBy(retry(15000), RETRIED_AT).failure().orElseThrow().code()).isEqualTo("ACCOUNT_CLOSED");
        assertThat(withoutCode.adoptBy(retry(15000), RETRIED_AT).failure().orElseThrow().code())
                .isEqualTo(RecoveredTransfer.UNSPECIFIED_FAILURE);
    }

    @Test
    void aRetryForAnotherAmountIsAnIdempotencyConflictOnTheAmount() {
        RecoveredTransfer recovered = RecoveredTransfer.from(line(UUID.randomUUID().toString(), DisbursementStatus.SETTLED,
                Optional.empty()), RECOVERED_AT).orElseThrow();

        assertThatThrownBy(() -> recovered.adoptBy(retry(16000), RETRIED_AT))
                .isInstanceOfSatisfying(IdempotencyConflictException.class,
                        e -> assertThat(e.differingFields()).containsExactly("amount"));
    }
}
