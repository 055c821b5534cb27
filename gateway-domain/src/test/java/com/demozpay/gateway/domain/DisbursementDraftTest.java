package com.demozpay.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DisbursementDraftTest {

    private static final long MAX = 500_000_00;
    private static final DisbursementLimits LIMITS = new DisbursementLimits(MAX);

    @Test
    void validDraftBecomesARequest() {
        DisbursementRequest request = valid().validate(LIMITS);

        assertThat(request.idempotencyKey()).isEqualTo(new IdempotencyKey("ewa-42"));
        assertThat(request.product()).isEqualTo(Product.EWA);
        assertThat(request.productReference()).isEqualTo("ewa-request-42");
        assertThat(request.amount()).isEqualTo(Money.etb(150_00));
        assertThat(request.beneficiary()).isEqualTo(new Beneficiary("1000123456789", "Abebe Kebede"));
        assertThat(request.narrative()).contains("salary advance");
    }

    // --- amount

    @ParameterizedTest
    @ValueSource(longs = {1, MAX})
    void amountFromOneToTheMaximumIsAccepted(long amount) {
        assertThat(draft(d -> d.amountMinor = amount).validate(LIMITS).amount()).isEqualTo(Money.etb(amount));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void amountOfZeroOrLessIsRefused(long amount) {
        assertOnlyViolation(draft(d -> d.amountMinor = amount), "amount.amount_minor", "must be greater than 0");
    }

    @ParameterizedTest
    @ValueSource(longs = {MAX + 1, Long.MAX_VALUE})
    void amountAboveTheConfiguredMaximumIsRefused(long amount) {
        assertOnlyViolation(draft(d -> d.amountMinor = amount), "amount.amount_minor", "must be at most " + MAX);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"USD", "etb", "ETB "})
    void currencyOtherThanEtbIsRefused(String currency) {
        assertOnlyViolation(draft(d -> d.currency = currency), "amount.currency", "must be ETB");
    }

    // --- beneficiary

    @ParameterizedTest
    @ValueSource(strings = {"1234567890", "1234567890123456"})
    void accountNumberOfTenToSixteenDigitsIsAccepted(String account) {
        assertThat(draft(d -> d.accountNumber = account).validate(LIMITS).beneficiary().accountNumber()).isEqualTo(account);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"123456789", "12345678901234567", "12345abcde", "1234 567890", "+1234567890",
            "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660"})
    void accountNumberThatIsNotTenToSixteenAsciiDigitsIsRefused(String account) {
        assertOnlyViolation(draft(d -> d.accountNumber = account), "beneficiary.account_number", "must be 10 to 16 digits");
    }

    @Test
    void accountNameOfOneToHundredCharactersIsAccepted() {
        assertThat(draft(d -> d.accountName = "A").validate(LIMITS).beneficiary().accountName()).isEqualTo("A");
        assertThat(draft(d -> d.accountName = "n".repeat(100)).validate(LIMITS).beneficiary().accountName()).hasSize(100);
    }

    @Test
    void accountNameLengthCountsCharactersNotUtf16Units() {
        String hundredCharacters = "\u1200".repeat(99) + "\uD83D\uDE00";

        assertThat(draft(d -> d.accountName = hundredCharacters).validate(LIMITS)).isNotNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void missingOrBlankAccountNameIsRefused(String name) {
        assertOnlyViolation(draft(d -> d.accountName = name), "beneficiary.account_name", "must be 1 to 100 characters");
    }

    @Test
    void accountNameOfHundredAndOneCharactersIsRefused() {
        assertOnlyViolation(draft(d -> d.accountName = "n".repeat(101)), "beneficiary.account_name",
                "must be 1 to 100 characters");
    }

    // --- idempotency key, product, product reference, narrative

    @ParameterizedTest
    @ValueSource(strings = {"k", "AZaz09._:-", "order:2025-01-01.7"})
    void idempotencyKeyOfAllowedCharactersIsAccepted(String key) {
        assertThat(draft(d -> d.idempotencyKey = key).validate(LIMITS).idempotencyKey().value()).isEqualTo(key);
    }

    @Test
    void idempotencyKeyOf128CharactersIsAccepted() {
        assertThat(draft(d -> d.idempotencyKey = "k".repeat(128)).validate(LIMITS)).isNotNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a b", "a/b", "key#1", "ключ", "a\nb"})
    void idempotencyKeyWithBadCharactersOrEmptyIsRefused(String key) {
        assertOnlyViolation(draft(d -> d.idempotencyKey = key), "idempotency_key",
                "must be 1 to 128 characters of [A-Za-z0-9._:-]");
    }

    @Test
    void idempotencyKeyOf129CharactersIsRefused() {
        assertOnlyViolation(draft(d -> d.idempotencyKey = "k".repeat(129)), "idempotency_key",
                "must be 1 to 128 characters of [A-Za-z0-9._:-]");
    }

    @Test
    void missingProductIsRefused() {
        assertOnlyViolation(draft(d -> d.product = null), "product", "is required: EWA or LOAN");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void missingProductReferenceIsRefused(String reference) {
        assertOnlyViolation(draft(d -> d.productReference = reference), "product_reference", "is required");
    }

    @Test
    void productReferenceLongerThan128CharactersIsRefused() {
        assertThat(draft(d -> d.productReference = "r".repeat(128)).validate(LIMITS)).isNotNull();
        assertOnlyViolation(draft(d -> d.productReference = "r".repeat(129)), "product_reference",
                "must be at most 128 characters");
    }

    @Test
    void productReferenceLengthCountsCharactersNotUtf16Units() {
        String ethiopicSupplementary = new String(Character.toChars(0x1E7E0)); // two UTF-16 units, one character
        assertThat(draft(d -> d.productReference = ethiopicSupplementary.repeat(128)).validate(LIMITS).productReference())
                .isEqualTo(ethiopicSupplementary.repeat(128));
        assertOnlyViolation(draft(d -> d.productReference = ethiopicSupplementary.repeat(129)), "product_reference",
                "must be at most 128 characters");
    }

    @Test
    void narrativeIsOptionalAndAnEmptyOneCountsAsNone() {
        assertThat(draft(d -> d.narrative = null).validate(LIMITS).narrative()).isEmpty();
        assertThat(draft(d -> d.narrative = "").validate(LIMITS).narrative()).isEmpty();
    }

    @Test
    void narrativeOf140CharactersIsAcceptedAnd141Refused() {
        assertThat(draft(d -> d.narrative = "x".repeat(140)).validate(LIMITS).narrative()).contains("x".repeat(140));
        assertOnlyViolation(draft(d -> d.narrative = "x".repeat(141)), "narrative", "must be at most 140 characters");
    }

    // --- invisible and control characters, in every free-text field

    static Stream<String> controlAndFormatCharacters() {
        return Stream.of("\u0000", "\u0007", "\t", "\n", "\r", "\u001B", "\u007F", "\u0085",
                "\u061C", "\u200B", "\u200E", "\u200F", "\u2028", "\u2029",
                "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069",
                "\uFEFF", "\uD800", new String(Character.toChars(0xE0041)));
    }

    @ParameterizedTest
    @MethodSource("controlAndFormatCharacters")
    void productReferenceWithAControlOrFormatCharacterIsRefused(String character) {
        assertOnlyViolation(draft(d -> d.productReference = "ewa-" + character + "42"), "product_reference",
                InvisibleCharacters.RULE);
    }

    @ParameterizedTest
    @MethodSource("controlAndFormatCharacters")
    void accountNameWithAControlOrFormatCharacterIsRefused(String character) {
        assertOnlyViolation(draft(d -> d.accountName = "Abebe" + character + "Kebede"), "beneficiary.account_name",
                InvisibleCharacters.RULE);
    }

    @ParameterizedTest
    @MethodSource("controlAndFormatCharacters")
    void narrativeWithAControlOrFormatCharacterIsRefused(String character) {
        assertOnlyViolation(draft(d -> d.narrative = "salary" + character + "advance"), "narrative",
                InvisibleCharacters.RULE);
    }

    @Test
    void nulAloneInTheAccountNameIsRefusedAsAnInvisibleCharacter() {
        assertOnlyViolation(draft(d -> d.accountName = "\u0000"), "beneficiary.account_name", InvisibleCharacters.RULE);
    }

    @Test
    void idempotencyKeyWithANulIsRefusedByItsShape() {
        assertOnlyViolation(draft(d -> d.idempotencyKey = "key\u0000"), "idempotency_key",
                "must be 1 to 128 characters of [A-Za-z0-9._:-]");
    }

    @Test
    void visibleTextInAnyScriptIsAccepted() {
        // Ethiopic, Arabic (right-to-left without any override), accents, an emoji and plain spaces are all text.
        DisbursementRequest request = draft(d -> {
            d.accountName = "\u12A0\u1260\u1260 \u12A8\u1260\u12F0 Jos\u00E9 \u0645\u062D\u0645\u062F";
            d.narrative = "\u1270\u1208\u12CB\u132D \uD83D\uDE00 advance";
            d.productReference = "ewa/2026-03 #7";
        }).validate(LIMITS);

        assertThat(request.beneficiary().accountName()).startsWith("\u12A0");
    }

    // --- several at once

    @Test
    void everyBrokenFieldIsReportedTogetherInFieldOrder() {
        // given
        DisbursementDraft broken = new DisbursementDraft("bad key", null, "", 0, "USD", "123", "", "x".repeat(141));

        // when
        InvalidRequestException error = catchThrowableOfType(InvalidRequestException.class, () -> broken.validate(LIMITS));

        // then
        assertThat(error.violations()).extracting(InvalidRequestException.Violation::field).containsExactly(
                "idempotency_key", "product", "product_reference", "amount.amount_minor", "amount.currency",
                "beneficiary.account_number", "beneficiary.account_name", "narrative");
        assertThat(error.getMessage())
                .contains("idempotency_key: must be 1 to 128 characters of [A-Za-z0-9._:-]")
                .contains("amount.amount_minor: must be greater than 0")
                .contains("narrative: must be at most 140 characters");
    }

    @Test
    void errorNeverEchoesTheRejectedAccountNumber() {
        InvalidRequestException error = catchThrowableOfType(InvalidRequestException.class,
                () -> draft(d -> d.accountNumber = "12345678901234567").validate(LIMITS));

        assertThat(error.getMessage()).doesNotContain("12345678901234567");
    }

    private static void assertOnlyViolation(DisbursementDraft draft, String field, String rule) {
        InvalidRequestException error = catchThrowableOfType(InvalidRequestException.class, () -> draft.validate(LIMITS));

        assertThat(error).as("validation error for %s", field).isNotNull();
        assertThat(error.violations()).containsExactly(new InvalidRequestException.Violation(field, rule));
        assertThat(error.getMessage()).isEqualTo(field + ": " + rule);
    }

    private static DisbursementDraft valid() {
        return draft(d -> { });
    }

    private static DisbursementDraft draft(Consumer<Fields> change) {
        Fields fields = new Fields();
        change.accept(fields);
        return new DisbursementDraft(fields.idempotencyKey, fields.product, fields.productReference, fields.amountMinor,
                fields.currency, fields.accountNumber, fields.accountName, fields.narrative);
    }

    /** A valid draft's fields, for a test to break one. */
    private static final class Fields {
        String idempotencyKey = "ewa-42";
        Product product = Product.EWA;
        String productReference = "ewa-request-42";
        long amountMinor = 150_00;
        String currency = "ETB";
        String accountNumber = "1000123456789";
        String accountName = "Abebe Kebede";
        String narrative = "salary advance";
    }
}
