package com.demozpay.gateway.app.operator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command's arguments: positional words, {@code --name value} (or {@code --name=value}) options and
 * {@code --flag} switches, each named in advance. Anything else (an unknown or repeated option, a missing
 * value) is a {@link UsageException}, found before anything is done.
 */
public final class Arguments {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(s|m|h|d)");

    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final Map<String, Boolean> flags = new HashMap<>();

    private Arguments() {
    }

    public static Arguments parse(List<String> args, Set<String> valued, Set<String> switches) throws UsageException {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                parsed.positional.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (switches.contains(name) && equals < 0) {
                if (parsed.flags.put(name, true) != null) {
                    throw new UsageException("--" + name + " is given twice");
                }
            } else if (valued.contains(name)) {
                String value;
                if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
                if (parsed.options.put(name, value) != null) {
                    throw new UsageException("--" + name + " is given twice");
                }
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return parsed;
    }

    public List<String> positional() {
        return List.copyOf(positional);
    }

    public boolean flag(String name) {
        return flags.getOrDefault(name, false);
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public String required(String name) throws UsageException {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException("--" + name + " is required");
        }
        return value;
    }

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when the option is not given. */
    public int integer(String name, int fallback, int min, int max) throws UsageException {
        Optional<String> text = option(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new UsageException("--" + name + " must be a whole number from " + min + " to " + max);
    }

    /** A duration such as {@code 30s}, {@code 10m}, {@code 2h} or {@code 1d}, or {@code fallback}. */
    public Duration duration(String name, Duration fallback) throws UsageException {
        Optional<String> text = option(name);
        if (text.isEmpty()) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(text.get());
        if (!matcher.matches()) {
            throw new UsageException("--" + name + " must be a duration such as 30s, 10m, 2h or 1d");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** Exactly {@code count} positional words. */
    public List<String> positional(int count, String what) throws UsageException {
        if (positional.size() != count) {
            throw new UsageException(count == 0 ? "unexpected " + String.join(" ", positional)
                    : "expected " + what + ", got " + (positional.isEmpty() ? "nothing" : String.join(" ", positional)));
        }
        return positional();
    }
}
