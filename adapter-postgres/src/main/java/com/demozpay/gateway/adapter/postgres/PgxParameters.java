package com.demozpay.gateway.adapter.postgres;

import java.util.List;
import java.util.Map;

/**
 * The query parameters of a {@code postgres://} URL that the gateway understands, with pgx's names and
 * values, turned into pgjdbc connection properties. Any other parameter is refused rather than
 * silently ignored (pool sizes, for one, are the gateway's own settings). An error never repeats a
 * value, nor the name of a parameter it does not know: a mangled URL may have put part of the
 * password there.
 */
final class PgxParameters {

    static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** pgx's target_session_attrs values and pgjdbc's targetServerType for each. */
    private static final Map<String, String> TARGET_SERVER_TYPES = Map.of(
            "any", "any",
            "read-write", "primary",
            "primary", "primary",
            "read-only", "secondary",
            "standby", "secondary",
            "prefer-standby", "preferSecondary");

    private static final String SUPPORTED = "user, password, sslmode, sslrootcert, sslcert, sslkey, sslpassword, "
            + "application_name, connect_timeout, search_path, target_session_attrs";

    private PgxParameters() {
    }

    static void put(String name, String value, Map<String, String> properties) {
        switch (name) {
            case "sslmode" -> properties.put("sslmode", sslMode(value));
            case "sslrootcert", "sslcert", "sslkey", "sslpassword" -> properties.put(name, value);
            case "application_name" -> properties.put("ApplicationName", value);
            case "connect_timeout" -> properties.put("connectTimeout", seconds(value));
            case "search_path" -> properties.put("currentSchema", value);
            case "target_session_attrs" -> properties.put("targetServerType", targetServerType(value));
            default -> throw new InvalidDatabaseUrlException("has an unsupported parameter (supported: " + SUPPORTED + ")");
        }
    }

    /** libpq, pgx and pgjdbc share the six sslmode values and their meaning. */
    static String sslMode(String value) {
        if (!SSL_MODES.contains(value)) {
            throw new InvalidDatabaseUrlException("sslmode must be one of " + String.join(", ", SSL_MODES));
        }
        return value;
    }

    private static String seconds(String value) {
        if (!value.matches("[0-9]{1,6}")) {
            throw new InvalidDatabaseUrlException("connect_timeout must be a whole number of seconds");
        }
        return String.valueOf(Integer.parseInt(value));
    }

    private static String targetServerType(String value) {
        String type = TARGET_SERVER_TYPES.get(value);
        if (type == null) {
            throw new InvalidDatabaseUrlException("target_session_attrs must be one of "
                    + "any, read-write, primary, read-only, standby, prefer-standby");
        }
        return type;
    }
}
