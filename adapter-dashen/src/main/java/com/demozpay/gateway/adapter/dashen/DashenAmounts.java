package com.demozpay.gateway.adapter.dashen;

import java.util.regex.Pattern;

/**
 * Exact conversion between our minor units and the bank's amounts: decimal strings with exactly two
 * fraction digits ({@code 15000} ↔ {@code "150.00"}). Nothing else is read: no sign, exponent,
 * space, other number of decimals or value beyond {@code long} minor units. There is no floating
 * point on the way.
 */
public final class DashenAmounts {

    static final String RULE = "must be a decimal string with exactly two fraction digits, such as \"150.00\"";
    private static final Pattern TWO_DECIMALS = Pattern.compile("([0-9]{1,19})\\.([0-9]{2})");

    private DashenAmounts() {
    }

    /** {@code 15000} → {@code "150.00"}. */
    public static String toDecimal(long amountMinor) {
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        long cents = amountMinor % 100;
        // Padded by hand: String.format uses the default locale, whose digits may not be ASCII (ar-EG).
        return amountMinor / 100 + (cents < 10 ? ".0" : ".") + cents;
    }

    /**
     * {@code "150.00"} → {@code 15000}.
     *
     * @throws IllegalArgumentException when the text breaks the rule or does not fit in a {@code long}
     */
    public static long toMinor(String decimal) {
        var matcher = decimal == null ? null : TWO_DECIMALS.matcher(decimal);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("amount " + RULE);
        }
        try {
            long units = Long.parseLong(matcher.group(1));
            return Math.addExact(Math.multiplyExact(units, 100L), Long.parseLong(matcher.group(2)));
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            throw new IllegalArgumentException("amount is too large");
        }
    }
}
