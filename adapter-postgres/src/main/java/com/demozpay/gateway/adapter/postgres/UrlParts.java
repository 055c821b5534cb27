package com.demozpay.gateway.adapter.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [userinfo@]hosts[/database][?parameters]}, the part of a database URL after its scheme. Split
 * by hand rather than with {@link java.net.URI}, which refuses the comma-separated host lists that
 * libpq, pgx and pgjdbc accept. The user info is split at the last '@', as pgx does, so a password may
 * contain a literal '@'.
 */
record UrlParts(Optional<String> userInfo, String hostList, String database, Map<String, String> parameters) {

    static UrlParts of(String rest) {
        if (rest.indexOf('#') >= 0) {
            throw new InvalidDatabaseUrlException("must not contain '#' (percent-encode it as %23 in a password)");
        }
        int authorityEnd = firstIndexOf(rest, '/', '?');
        String authority = rest.substring(0, authorityEnd);
        String tail = rest.substring(authorityEnd);
        int at = authority.lastIndexOf('@');
        int queryStart = tail.indexOf('?');
        String path = queryStart < 0 ? tail : tail.substring(0, queryStart);
        if (at < 0 && path.indexOf('@') >= 0) {
            throw new InvalidDatabaseUrlException(
                    "has a '/' before its '@': percent-encode special characters in the user name and password");
        }
        if (path.lastIndexOf('/') > 0) {
            throw new InvalidDatabaseUrlException("has a '/' in its database name");
        }
        String database = path.isEmpty() ? "" : decode(path.substring(1), false, "database name");
        return new UrlParts(
                at < 0 ? Optional.empty() : Optional.of(authority.substring(0, at)),
                authority.substring(at + 1),
                database,
                queryStart < 0 ? Map.of() : parameters(tail.substring(queryStart + 1)));
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), true, "parameters");
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true, "parameters");
            if (parameters.put(name, value) != null) {
                throw new InvalidDatabaseUrlException("gives a parameter twice");
            }
        }
        return parameters;
    }

    /**
     * Percent-decodes as UTF-8. In the query '+' means a space (pgx and pgjdbc both decode it so); in
     * the user info and path it is a literal '+'.
     */
    static String decode(String text, boolean plusIsSpace, String part) {
        if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
            return text;
        }
        StringBuilder decoded = new StringBuilder(text.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new InvalidDatabaseUrlException("has a broken percent-encoding in its " + part);
                }
                escaped.write(high * 16 + low);
                i += 2;
                continue;
            }
            decoded.append(escaped.toString(StandardCharsets.UTF_8));
            escaped.reset();
            decoded.append(c == '+' && plusIsSpace ? ' ' : c);
        }
        return decoded.append(escaped.toString(StandardCharsets.UTF_8)).toString();
    }

    private static int firstIndexOf(String text, char first, char second) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == first || text.charAt(i) == second) {
                return i;
            }
        }
        return text.length();
    }
}
