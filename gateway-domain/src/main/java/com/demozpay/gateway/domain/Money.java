package com.demozpay.gateway.domain;

import java.util.regex.Pattern;

/**
 * An amount in minor units (santim for ETB) with its ISO 4217 currency. There is no floating point
 * anywhere in the gateway: amounts are counted in whole minor units from the wire to the database.
 */
public record Money(long amountMinor, String currency) {

    /** The only currency Dashen disburses. */
    public static final String ETB = "ETB";

    private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

    public Money {
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        if (currency == null || !ISO_4217.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be three upper-case letters");
        }
    }

    public static Money etb(long amountMinor) {
        return new Money(amountMinor, ETB);
    }

    @Override
    public String toString() {
        return amountMinor + " " + currency + " (minor units)";
    }
}
