package com.demozpay.gateway.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The query of {@code GET /v1/statements}: {@code date} (required), {@code pageSize} (1 to 500, default
 * 100) and {@code pageToken}. The token is opaque to the client; here it is the last reference of the
 * previous page (references are listed in order), so a transfer recorded while a client pages neither
 * shifts nor repeats a line.
 */
record StatementQuery(LocalDate date, int pageSize, Optional<String> after) {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 500;

    static StatementQuery parse(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (params.put(name, value) != null) {
                    throw new IllegalArgumentException(name + " is given twice");
                }
            }
        }
        LocalDate date;
        try {
            date = LocalDate.parse(Optional.ofNullable(params.get("date"))
                    .orElseThrow(() -> new IllegalArgumentException("date is required (YYYY-MM-DD)")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("date must be YYYY-MM-DD");
        }
        int pageSize = DEFAULT_PAGE_SIZE;
        if (params.containsKey("pageSize")) {
            String size = params.get("pageSize");
            if (!size.matches("[0-9]{1,3}") || Integer.parseInt(size) < 1 || Integer.parseInt(size) > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("pageSize must be from 1 to " + MAX_PAGE_SIZE);
            }
            pageSize = Integer.parseInt(size);
        }
        Optional<String> after = Optional.ofNullable(params.get("pageToken")).map(StatementQuery::reference);
        return new StatementQuery(date, pageSize, after);
    }

    static String token(String lastReference) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastReference.getBytes(StandardCharsets.UTF_8));
    }

    private static String reference(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pageToken is not one this bank issued");
        }
    }
}
