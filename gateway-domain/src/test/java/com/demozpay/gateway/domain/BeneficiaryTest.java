package com.demozpay.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BeneficiaryTest {

    @Test
    void toStringShowsOnlyTheLastFourDigitsOfTheAccount() {
        Beneficiary beneficiary = new Beneficiary("1000123456789", "Abebe Kebede");

        assertThat(beneficiary.toString()).doesNotContain("1000123456789").contains("*********6789");
        assertThat(beneficiary.maskedAccountNumber()).isEqualTo("*********6789");
    }

    @Test
    void requestAndDisbursementToStringNeverShowTheAccountNumber() {
        Disbursement disbursement = TestDisbursements.initiated();

        assertThat(disbursement.request().toString()).doesNotContain("1000123456789");
        assertThat(disbursement.toString()).doesNotContain("1000123456789");
    }

    @Test
    void invalidAccountIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new Beneficiary("12345678x0", "Abebe"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("account number must be 10 to 16 digits");
    }
}
