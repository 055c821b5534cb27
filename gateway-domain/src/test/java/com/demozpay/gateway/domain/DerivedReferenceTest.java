package com.demozpay.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class DerivedReferenceTest {

    private static final IdempotencyKey KEY = new IdempotencyKey("loan-7781-retry");

    @Test
    void sameProductAndKeyAlwaysGiveTheSameReference() {
        assertThat(DisbursementId.derive(Product.LOAN, KEY)).isEqualTo(DisbursementId.derive(Product.LOAN, KEY));
    }

    @Test
    void referenceIsPinnedAcrossReleasesAsAStandardUuidV5() {
        // Computed independently (Python: uuid.uuid5(NAMESPACE, "LOAN:loan-7781-retry")). If this changes,
        // every row lost after the change would reach the bank under a new reference.
        DisbursementId id = DisbursementId.derive(Product.LOAN, KEY);

        assertThat(id.value()).isEqualTo(UUID.fromString("96e1cdc8-fdfb-570a-8142-62b7db3008c3"));
        assertThat(id.value().version()).isEqualTo(5);
        assertThat(id.value().variant()).isEqualTo(2);
    }

    @Test
    void anotherProductOrKeyGivesAnotherReference() {
        DisbursementId loan = DisbursementId.derive(Product.LOAN, KEY);

        assertThat(DisbursementId.derive(Product.EWA, KEY)).isNotEqualTo(loan);
        assertThat(DisbursementId.derive(Product.LOAN, new IdempotencyKey("loan-7781-retrz"))).isNotEqualTo(loan);
    }
}
