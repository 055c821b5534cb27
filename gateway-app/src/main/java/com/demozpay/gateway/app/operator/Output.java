package com.demozpay.gateway.app.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What a command prints on standard output: a human-readable table by default, or with {@code --json}
 * exactly one JSON document, so a script can parse standard output whole (the log lines go to standard
 * error).
 */
public final class Output {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final boolean json;

    public Output(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** Makes a command's output once its arguments say whether it is JSON ({@code --json}). */
    @FunctionalInterface
    public interface Factory {
        Output of(Arguments arguments);

        static Factory to(PrintStream out) {
            return arguments -> new Output(out, arguments.flag("json"));
        }
    }

    /** One record: {@code name: value} lines, or the fields as one JSON object. */
    void record(Map<String, Object> fields) {
        if (json) {
            document(fields);
            return;
        }
        print(fields, "");
        out.flush();
    }

    private void print(Map<String, Object> fields, String indent) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        fields.forEach((name, value) -> {
            if (value instanceof Map<?, ?> nested) {
                out.println(indent + name + ":");
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) nested;
                print(inner, indent + "  ");
            } else {
                out.println(indent + pad(name + ":", width + 1) + " " + value);
            }
        });
    }

    /** Rows under a header, or {@code {"<name>": [rows]}} as JSON; {@code empty} is printed when there are none. */
    void table(String name, List<Map<String, Object>> rows, String empty) {
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put(name, rows);
            document(document);
            return;
        }
        if (rows.isEmpty()) {
            out.println(empty);
            out.flush();
            return;
        }
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (String column : columns) {
            int width = column.length();
            for (Map<String, Object> row : rows) {
                width = Math.max(width, String.valueOf(row.get(column)).length());
            }
            widths.put(column, width);
        }
        out.println(line(columns, column -> column.toUpperCase(Locale.ROOT), widths));
        for (Map<String, Object> row : rows) {
            out.println(line(columns, column -> String.valueOf(row.get(column)), widths));
        }
        out.flush();
    }

    private static String line(List<String> columns, Function<String, String> cell,
            Map<String, Integer> widths) {
        StringBuilder line = new StringBuilder();
        for (String column : columns) {
            line.append(pad(cell.apply(column), widths.get(column))).append("  ");
        }
        return line.toString().stripTrailing();
    }

    private void document(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the JSON output", e);
        }
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
