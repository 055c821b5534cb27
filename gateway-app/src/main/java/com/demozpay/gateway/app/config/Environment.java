package com.demozpay.gateway.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code GATEWAY_*} variables, collecting every problem instead of stopping at the first, so an
 * operator fixes a broken deployment in one round. Messages name the variable and the rule, never the
 * value.
 */
final class Environment {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    private final Map<String, String> variables;
    /** Secrets read from their {@code _FILE}; looked up first. The environment itself is read, not copied. */
    private final Map<String, String> fromFiles;
    private final List<String> problems = new ArrayList<>();
    /** Secrets given as a file: a file that could not be read is reported once, not also as "required". */
    private final Set<String> givenAsFile = new HashSet<>();

    /** {@code variables}, each of {@code secrets} also readable from the file named by its {@code _FILE} variable. */
    Environment(Map<String, String> variables, List<String> secrets) {
        this.variables = variables;
        this.fromFiles = SecretFiles.read(variables, secrets, problems::add);
        secrets.stream().filter(name -> variables.containsKey(name + SecretFiles.SUFFIX)).forEach(givenAsFile::add);
    }

    private String value(String name) {
        String fromFile = fromFiles.get(name);
        return fromFile != null ? fromFile : variables.get(name);
    }

    /**
     * The raw value of a variable, empty when unset. A variable that is set but blank is a problem, not
     * "unset": {@code GATEWAY_GRPC_AUTH_TOKEN=""} must not silently turn authentication off.
     */
    Optional<String> optional(String name) {
        String value = value(name);
        if (value != null && value.isBlank()) {
            problems.add(name + " is set but empty");
            return Optional.empty();
        }
        return Optional.ofNullable(value);
    }

    /**
     * The parsed value of a variable that must be set, or null after recording the problem. The
     * parser's exception message is reported as the rule: parsers used here promise never to echo
     * the value, which may be a secret.
     */
    <T> T required(String name, Function<String, T> parse) {
        if (value(name) == null) {
            if (!givenAsFile.contains(name)) {
                problems.add(name + " is required");
            }
            return null;
        }
        return optional(name).map(text -> parseExplained(name, text, parse)).orElse(null);
    }

    /** Like {@link #required}, for a variable that may be left unset. */
    <T> Optional<T> optional(String name, Function<String, T> parse) {
        return optional(name).map(text -> parseExplained(name, text, parse));
    }

    private <T> T parseExplained(String name, String text, Function<String, T> parse) {
        try {
            return parse.apply(text.trim());
        } catch (RuntimeException invalid) {
            problems.add(name + ": " + invalid.getMessage());
            return null;
        }
    }

    int integer(String name, int defaultValue, int min, int max) {
        return parsed(name, defaultValue, text -> {
            int value = Integer.parseInt(text);
            return value >= min && value <= max ? value : null;
        }, "must be a whole number from " + min + " to " + max);
    }

    long longInteger(String name, long defaultValue, long min, long max) {
        return parsed(name, defaultValue, text -> {
            long value = Long.parseLong(text);
            return value >= min && value <= max ? value : null;
        }, "must be a whole number from " + min + " to " + max);
    }

    boolean bool(String name, boolean defaultValue) {
        return parsed(name, defaultValue, text -> switch (text) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        }, "must be true or false");
    }

    /** A duration written as a whole number and a unit: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
    Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
        return parsed(name, defaultValue, text -> {
            Matcher m = DURATION.matcher(text);
            if (!m.matches()) {
                return null;
            }
            long amount = Long.parseLong(m.group(1));
            Duration value = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
            return value.compareTo(min) >= 0 && value.compareTo(max) <= 0 ? value : null;
        }, "must be a duration like 500ms, 30s, 2m or 1h, from " + human(min) + " to " + human(max));
    }

    /** Applies {@code parse} to a present value; records the rule when it throws or returns null. */
    <T> T parsed(String name, T defaultValue, Function<String, T> parse, String rule) {
        Optional<String> text = optional(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            T value = parse.apply(text.get().trim());
            if (value != null) {
                return value;
            }
        } catch (RuntimeException invalid) {
            // reported below, without the value: it may be a secret
        }
        problems.add(name + " " + rule);
        return defaultValue;
    }

    void problem(String problem) {
        problems.add(problem);
    }

    /** Throws one {@link ConfigException} listing every problem found, if any. */
    void requireNoProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static String human(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
