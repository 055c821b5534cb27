package com.demozpay.gateway.domain;

import static com.demozpay.gateway.domain.TestDisbursements.initiated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class IdempotencyTest {

    private final Disbursement original = initiated();
    private final DisbursementRequest request = original.request();

    @Test
    void sameRequestUnderTheSameKeyIsAccepted() {
        assertThatCode(() -> original.requireSameRequest(TestDisbursements.request())).doesNotThrowAnyException();
    }

    @Test
    void differentNarrativeIsStillTheSameRequest() {
        DisbursementRequest repeated = with(r -> new DisbursementRequest(r.idempotencyKey(), r.product(),
                r.productReference(), r.amount(), r.beneficiary(), Optional.of("another text")));

        assertThatCode(() -> original.requireSameRequest(repeated)).doesNotThrowAnyException();
    }

    static Stream<Arguments> changes() {
        UnaryOperator<DisbursementRequest> product = r -> new DisbursementRequest(r.idempotencyKey(), Product.LOAN,
                r.productReference(), r.amount(), r.beneficiary(), r.narrative());
        UnaryOperator<DisbursementRequest> productReference = r -> new DisbursementRequest(r.idempotencyKey(),
                r.product(), "ewa-request-43", r.amount(), r.beneficiary(), r.narrative());
        UnaryOperator<DisbursementRequest> amount = r -> new DisbursementRequest(r.idempotencyKey(), r.product(),
                r.productReference(), Money.etb(150_01), r.beneficiary(), r.narrative());
        UnaryOperator<DisbursementRequest> currency = r -> new DisbursementRequest(r.idempotencyKey(), r.product(),
                r.productReference(), new Money(150_00, "USD"), r.beneficiary(), r.narrative());
        UnaryOperator<DisbursementRequest> accountNumber = r -> new DisbursementRequest(r.idempotencyKey(),
                r.product(), r.productReference(), r.amount(),
                new Beneficiary("1000123456780", r.beneficiary().accountName()), r.narrative());
        UnaryOperator<DisbursementRequest> accountName = r -> new DisbursementRequest(r.idempotencyKey(),
                r.product(), r.productReference(), r.amount(),
                new Beneficiary(r.beneficiary().accountNumber(), "Abebe K."), r.narrative());
        UnaryOperator<DisbursementRequest> all = r -> product.andThen(productReference).andThen(amount)
                .andThen(accountName).apply(r);
        return Stream.of(
                Arguments.of("product", product, List.of("product")),
                Arguments.of("product reference", productReference, List.of("product_reference")),
                Arguments.of("amount", amount, List.of("amount")),
                Arguments.of("currency", currency, List.of("amount")),
                Arguments.of("account number", accountNumber, List.of("beneficiary")),
                Arguments.of("account name", accountName, List.of("beneficiary")),
                Arguments.of("everything", all, List.of("product", "product_reference", "amount", "beneficiary")));
    }

    @ParameterizedTest(name = "different {0}")
    @MethodSource("changes")
    void differentRequestUnderTheSameKeyIsAConflictNamingExactlyTheDifferingFields(String change,
            UnaryOperator<DisbursementRequest> modify, List<String> differing) {
        // given
        DisbursementRequest repeated = with(modify);

        // when
        IdempotencyConflictException conflict =
                catchThrowableOfType(IdempotencyConflictException.class, () -> original.requireSameRequest(repeated));

        // then
        assertThat(conflict).isNotNull();
        assertThat(conflict.differingFields()).containsExactlyElementsOf(differing);
        assertThat(conflict.key()).isEqualTo(request.idempotencyKey());
        assertThat(conflict.existing()).isEqualTo(original.id());
        assertThat(conflict.getMessage()).contains("ewa-42").contains(String.join(", ", differing));
    }

    @Test
    void conflictMessageNeverCarriesTheAccountNumber() {
        DisbursementRequest repeated = with(r -> new DisbursementRequest(r.idempotencyKey(), r.product(),
                r.productReference(), r.amount(), new Beneficiary("9999999999", "Someone Else"), r.narrative()));

        IdempotencyConflictException conflict =
                catchThrowableOfType(IdempotencyConflictException.class, () -> original.requireSameRequest(repeated));

        assertThat(conflict.getMessage()).doesNotContain("9999999999").doesNotContain("1000123456789");
    }

    private DisbursementRequest with(UnaryOperator<DisbursementRequest> change) {
        return change.apply(request);
    }
}
