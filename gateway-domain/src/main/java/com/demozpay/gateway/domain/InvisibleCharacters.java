package com.demozpay.gateway.domain;

/**
 * The rule every free-text field obeys: no control characters (NUL, tab, newline, escape, C1), no
 * invisible formatting characters (bidirectional overrides and isolates, zero-width characters, the
 * byte-order mark, tag characters), no line or paragraph separators and no lone surrogates. Such a
 * character is never part of a name, a reference or a narrative the bank prints: it hides or reorders
 * what a person reads (a name that looks like another), breaks log lines, or cannot be stored at all
 * (PostgreSQL refuses NUL in text).
 */
final class InvisibleCharacters {

    static final String RULE = "must not contain control or invisible formatting characters";

    private InvisibleCharacters() {
    }

    static boolean present(String text) {
        return text.codePoints().anyMatch(InvisibleCharacters::isInvisible);
    }

    private static boolean isInvisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
