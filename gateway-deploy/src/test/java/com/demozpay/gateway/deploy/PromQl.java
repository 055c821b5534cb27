package com.demozpay.gateway.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression selects: what is left once strings, matchers and groupings are gone. */
final class PromQl {

    private static final Set<String> LANGUAGE = Set.of(
            "sum", "min", "max", "avg", "count", "stddev", "topk", "bottomk", "quantile", "count_values", "group",
            "rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets", "absent", "absent_over_time",
            "histogram_quantile", "clamp_min", "clamp_max", "abs", "ceil", "floor", "round", "scalar", "vector", "time",
            "sum_over_time", "avg_over_time", "min_over_time", "max_over_time", "count_over_time", "last_over_time",
            "label_replace", "label_join", "sort", "sort_desc",
            "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![0-9A-Za-z_:.])[A-Za-z_:][A-Za-z0-9_:]*");

    private PromQl() {
    }

    static Set<String> metricNames(String expression) {
        String bare = expression
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "");
        bare = GROUPING.matcher(bare).replaceAll("");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            if (!LANGUAGE.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }
}
