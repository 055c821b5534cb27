package com.demozpay.gateway.adapter.dashen;

import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.reconciliation.StatementLine;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One statement line from its wire fields, the same rules for the API's JSON and the CSV file:
 * {@code reference} 1 to 128 characters, {@code transferId} 1 to 128, {@code amount} as in
 * {@link DashenAmounts}, {@code currency} three upper-case letters, {@code status} PENDING, ACCEPTED,
 * COMPLETED or FAILED, {@code valueDate} YYYY-MM-DD, {@code failureCode} optional. Errors name the
 * field, never its value.
 */
final class DashenStatementLines {

    private DashenStatementLines() {
    }

    static StatementLine line(String reference, String transferId, String amount, String currency, String status,
            String valueDate, Optional<String> failureCode) throws MalformedTransferException {
        if (reference == null || reference.isBlank() || reference.length() > 128) {
            throw new MalformedTransferException("reference must be 1 to 128 characters");
        }
        PartnerReference transfer;
        try {
            transfer = new PartnerReference(transferId);
        } catch (IllegalArgumentException e) {
            throw new MalformedTransferException("transferId must be 1 to 128 characters");
        }
        long minor;
        try {
            minor = DashenAmounts.toMinor(amount == null ? "" : amount);
        } catch (IllegalArgumentException e) {
            throw new MalformedTransferException(e.getMessage());
        }
        Money money;
        try {
            money = new Money(minor, currency);
        } catch (IllegalArgumentException e) {
            throw new MalformedTransferException("currency must be three upper-case letters");
        }
        DisbursementStatus mapped = DashenTransferJson.status(status == null ? "" : status);
        LocalDate date;
        try {
            date = LocalDate.parse(valueDate == null ? "" : valueDate);
        } catch (DateTimeParseException e) {
            throw new MalformedTransferException("valueDate must be YYYY-MM-DD");
        }
        return new StatementLine(reference, transfer, money, mapped, failureCode.filter(c -> !c.isBlank()), date);
    }
}
