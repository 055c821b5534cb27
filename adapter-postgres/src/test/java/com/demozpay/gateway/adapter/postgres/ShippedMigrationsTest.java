package com.demozpay.gateway.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ShippedMigrationsTest {

    @Test
    void theListNamesEveryScriptOfTheMigrationFolderAndNothingElse() throws IOException, URISyntaxException {
        Path folder = Path.of(getClass().getClassLoader().getResource("db/migration").toURI());
        List<String> scripts;
        try (Stream<Path> files = Files.list(folder)) {
            scripts = files.map(file -> file.getFileName().toString()).toList();
        }

        assertThat(ShippedMigrations.load()).extracting(ShippedMigrations.Migration::script)
                .containsExactlyInAnyOrderElementsOf(scripts);
    }

    @Test
    void versionAndDescriptionComeFromTheScriptsNameAsFlywayReadsIt() {
        assertThat(ShippedMigrations.load()).first().satisfies(first -> {
            assertThat(first.version()).isEqualTo("1");
            assertThat(first.description()).isEqualTo("create disbursements");
        });
    }

    @Test
    void theChecksumIgnoresAByteOrderMarkButNotTheText() {
        int plain = ShippedMigrations.checksum(List.of("CREATE TABLE t (id int);", "-- done"));

        assertThat(ShippedMigrations.checksum(List.of("\uFEFFCREATE TABLE t (id int);", "-- done"))).isEqualTo(plain);
        assertThat(ShippedMigrations.checksum(List.of("CREATE TABLE t (id bigint);", "-- done"))).isNotEqualTo(plain);
    }
}
