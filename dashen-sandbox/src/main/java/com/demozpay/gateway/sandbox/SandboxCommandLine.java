package com.demozpay.gateway.sandbox;

import com.demozpay.gateway.adapter.dashen.DashenAmounts;
import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's options, {@code --name value} (or {@code --name=value}): settings that are fixed at
 * start and fault modes that may also be typed while it runs. See {@link #USAGE}.
 */
final class SandboxCommandLine {

    static final String USAGE = """
            Dashen sandbox bank. Options (durations as 250ms, 2s, 1m or PT2S; shares from 0 to 1):
              --port N                      loopback port, 0 = any free one (default 0)
              --signing-key KEY             shared secret (default: $GATEWAY_DASHEN_SIGNING_KEY)
              --webhook-url URL             where callbacks go, e.g. http://127.0.0.1:50053/webhooks/dashen
                                            (default: none, callbacks are dropped)
              --accept-after D              PENDING -> ACCEPTED after D (default 1s)
              --complete-after D            ACCEPTED -> COMPLETED/FAILED after D more (default 2s)
              --callback-retry D            first callback back-off, doubled per attempt (default 1s)
              --callback-attempts N         attempts per callback (default 8)
              --seed N                      seed of every random choice (default 42)
            Fault modes (also accepted on standard input while running):
              --reject SUFFIX=CODE,...      refuse accounts by suffix with 422 (default 0000=INVALID_ACCOUNT; none = off)
              --limit AMOUNT                refuse amounts above AMOUNT (e.g. 50000.00) with 422 LIMIT_EXCEEDED
              --fail-later SHARE[:CODE]     share of transfers that end FAILED (default code ACCOUNT_CLOSED)
              --error-after-record SHARE    share of submits answered 500 after recording
              --throttle SHARE              share of requests answered 429
              --latency D                   delay before every request is handled
              --hang SHARE[:D]              share of requests held D (default 60s) before their answer
              --duplicate-callbacks SHARE   share of transfers whose callbacks are sent twice
              --reorder-callbacks SHARE     share of transfers whose transfer.accepted comes last
              --callbacks on|off            off = callbacks are lost
            Commands on standard input: down, up, stats, ledger, faults, help, or any fault option line.
            """;

    private static final Set<String> START_ONLY = Set.of("port", "signing-key", "webhook-url", "accept-after",
            "complete-after", "callback-retry", "callback-attempts", "seed");
    private static final Set<String> FAULTS = Set.of("reject", "limit", "fail-later", "error-after-record",
            "throttle", "latency", "hang", "duplicate-callbacks", "reorder-callbacks", "callbacks");

    private SandboxCommandLine() {
    }

    /** {@code --name value} pairs, in order; an unknown name or a missing value is an error. */
    static Map<String, String> options(List<String> args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            if (name.contains("=")) {
                value = name.substring(name.indexOf('=') + 1);
                name = name.substring(0, name.indexOf('='));
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!START_ONLY.contains(name) && !FAULTS.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            options.put(name, value);
        }
        return options;
    }

    static SandboxSettings settings(Map<String, String> options, String keyFromEnvironment) {
        String key = options.getOrDefault("signing-key", keyFromEnvironment);
        if (key == null) {
            throw new IllegalArgumentException("--signing-key (or GATEWAY_DASHEN_SIGNING_KEY) is required");
        }
        SandboxSettings settings = SandboxSettings.defaults(DashenSigningKey.parse(key));
        settings = settings.withPort(Integer.parseInt(options.getOrDefault("port", "0")))
                .withDelays(duration(options.getOrDefault("accept-after", "1s")),
                        duration(options.getOrDefault("complete-after", "2s")))
                .withCallbackRetry(duration(options.getOrDefault("callback-retry", "1s")),
                        Integer.parseInt(options.getOrDefault("callback-attempts", "8")))
                .withSeed(Long.parseLong(options.getOrDefault("seed", "42")));
        return options.containsKey("webhook-url") ? settings.withWebhookUrl(URI.create(options.get("webhook-url")))
                : settings;
    }

    /** Applies the fault options present; refuses start-only options (they cannot change while running). */
    static void applyFaults(Map<String, String> options, SandboxFaults faults, boolean running) {
        for (Map.Entry<String, String> option : options.entrySet()) {
            String value = option.getValue();
            switch (option.getKey()) {
                case "reject" -> faults.rejectRules(rejectRules(value));
                case "limit" -> faults.limitMinor(DashenAmounts.toMinor(value));
                case "fail-later" -> faults.failLater(share(before(value)), after(value, "ACCOUNT_CLOSED"));
                case "error-after-record" -> faults.errorAfterRecord(share(value));
                case "throttle" -> faults.throttle(share(value));
                case "latency" -> faults.latency(duration(value));
                case "hang" -> faults.hang(share(before(value)), duration(after(value, "60s")));
                case "duplicate-callbacks" -> faults.duplicateCallbacks(share(value));
                case "reorder-callbacks" -> faults.reorderCallbacks(share(value));
                case "callbacks" -> faults.callbacksOff(onOff(value));
                default -> {
                    if (running) {
                        throw new IllegalArgumentException("--" + option.getKey() + " can only be set at start");
                    }
                }
            }
        }
    }

    /** {@code 250ms}, {@code 2s}, {@code 1m} or ISO-8601 {@code PT2S}. */
    static Duration duration(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("pt")) {
                return Duration.parse(text);
            }
            if (lower.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
            }
            if (lower.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1)));
            }
            if (lower.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(lower.substring(0, lower.length() - 1)));
            }
        } catch (RuntimeException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration such as 250ms, 2s, 1m or PT2S");
    }

    private static List<SandboxFaults.RejectRule> rejectRules(String value) {
        List<SandboxFaults.RejectRule> rules = new ArrayList<>();
        if (value.equalsIgnoreCase("none")) {
            return rules;
        }
        for (String rule : value.split(",")) {
            String[] parts = rule.split("=", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9]+") || parts[1].isBlank()) {
                throw new IllegalArgumentException("--reject takes SUFFIX=CODE pairs, such as 0000=INVALID_ACCOUNT");
            }
            rules.add(new SandboxFaults.RejectRule(parts[0], parts[1]));
        }
        return rules;
    }

    private static double share(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a share from 0 to 1");
        }
    }

    private static boolean onOff(String value) {
        return switch (value) {
            case "on" -> false;
            case "off" -> true;
            default -> throw new IllegalArgumentException("--callbacks takes on or off");
        };
    }

    private static String before(String value) {
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    private static String after(String value, String otherwise) {
        int colon = value.indexOf(':');
        return colon < 0 ? otherwise : value.substring(colon + 1);
    }
}
