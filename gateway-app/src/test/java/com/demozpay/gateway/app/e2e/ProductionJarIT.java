package com.demozpay.gateway.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The production artifact carries only what production runs: the demo, the sandbox bank and the
 * embedded PostgreSQL (78 MB of database binaries) live in modules of their own, and the jar stays
 * small enough to pull and start quickly. A dependency that drags any of them back in fails here.
 */
class ProductionJarIT {

    /** Issue 11's budget for gateway.jar; the figure of each build is in target/failsafe-reports. */
    private static final long MAX_BYTES = 40L * 1024 * 1024;
    private static final List<String> NOT_FOR_PRODUCTION = List.of(
            "com/demozpay/gateway/sandbox/",   // dashen-sandbox
            "com/demozpay/gateway/demo/",      // gateway-demo
            "com/demozpay/gateway/testing/",   // gateway-testing
            "io/zonky/",                       // embedded PostgreSQL: its classes
            "postgres-linux-",                 // ... and its binaries (postgres-<os>-<arch>.txz)
            "postgres-darwin-",
            "postgres-windows-");

    private final Path jar = Path.of(System.getProperty("gateway.jar", "target/gateway.jar"));

    @Test
    void theProductionJarIsAtMostFortyMegabytes() throws IOException {
        long size = Files.size(jar);
        System.out.printf("gateway.jar: %d bytes (%.1f MB of %d MB allowed)%n", size, size / 1048576.0, MAX_BYTES >> 20);

        assertThat(size).as("size of %s in bytes", jar).isLessThanOrEqualTo(MAX_BYTES);
    }

    @Test
    void theProductionJarHoldsNoSandboxDemoTestKitOrEmbeddedPostgres() throws IOException {
        try (JarFile contents = new JarFile(jar.toFile())) {
            List<String> names = contents.stream().map(ZipEntry::getName).toList();

            assertThat(names).as("the launcher is there").contains("com/demozpay/gateway/app/Main.class");
            assertThat(names).filteredOn(name -> NOT_FOR_PRODUCTION.stream().anyMatch(name::contains)).isEmpty();
        }
    }
}
