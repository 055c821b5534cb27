package com.demozpay.gateway.adapter.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The migrations this build ships, named in {@code db/migration.list} (one script of {@code db/migration} per
 * line; a test keeps the list and the folder equal), each with the checksum Flyway records for it. Lets a
 * boot see that the schema is current from Flyway's history table alone, without loading Flyway.
 */
final class ShippedMigrations {

    static final String LIST = "db/migration.list";
    private static final Pattern SCRIPT = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");

    /** One versioned migration as Flyway names it: version, description, file name, checksum. */
    record Migration(String version, String description, String script, int checksum) {
    }

    private ShippedMigrations() {
    }

    static List<Migration> load() {
        List<Migration> migrations = new ArrayList<>();
        for (String script : lines(LIST)) {
            Matcher name = SCRIPT.matcher(script);
            if (!name.matches()) {
                throw new IllegalStateException(LIST + " names " + script + ", which is not a versioned migration");
            }
            migrations.add(new Migration(name.group(1).replace('_', '.'), name.group(2).replace('_', ' '), script,
                    checksum(lines("db/migration/" + script))));
        }
        return List.copyOf(migrations);
    }

    /**
     * Flyway's checksum of a SQL migration: CRC-32 over each line's UTF-8 bytes without its line ending (so it
     * does not depend on them), a byte-order mark dropped, as a signed int.
     */
    static int checksum(List<String> lines) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i);
            crc.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return (int) crc.getValue();
    }

    private static List<String> lines(String resource) {
        try (InputStream in = ShippedMigrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(line -> !resource.equals(LIST) || !line.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }
}
