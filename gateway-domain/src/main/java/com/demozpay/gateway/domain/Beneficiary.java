package com.demozpay.gateway.domain;

import java.util.regex.Pattern;

/**
 * The account the bank pays. {@link #toString()} masks the account number: a full account number
 * must never reach a log line.
 */
public record Beneficiary(String accountNumber, String accountName) {

    static final Pattern ACCOUNT_NUMBER = Pattern.compile("[0-9]{10,16}");
    static final int MAX_NAME_LENGTH = 100;

    public Beneficiary {
        if (accountNumber == null || !ACCOUNT_NUMBER.matcher(accountNumber).matches()) {
            throw new IllegalArgumentException("account number must be 10 to 16 digits");
        }
        if (!isValidName(accountName)) {
            throw new IllegalArgumentException("account name must be 1 to 100 characters");
        }
    }

    static boolean isValidName(String name) {
        return name != null && !name.isBlank() && name.codePointCount(0, name.length()) <= MAX_NAME_LENGTH;
    }

    /** The account number with all but its last four digits hidden, for logs and support screens. */
    public String maskedAccountNumber() {
        return "*".repeat(accountNumber.length() - 4) + accountNumber.substring(accountNumber.length() - 4);
    }

    @Override
    public String toString() {
        return "Beneficiary[account=" + maskedAccountNumber() + "]";
    }
}
