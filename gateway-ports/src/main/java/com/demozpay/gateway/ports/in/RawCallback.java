package com.demozpay.gateway.ports.in;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A callback exactly as it arrived: its headers and the raw body bytes, which must reach the
 * signature check unchanged. Header names are case-insensitive.
 */
public record RawCallback(Map<String, String> headers, byte[] body) {

    public RawCallback {
        headers = headers.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue,
                        (first, second) -> first));
        body = body.clone();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
