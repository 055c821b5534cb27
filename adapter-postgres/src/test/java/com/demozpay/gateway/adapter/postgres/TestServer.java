package com.demozpay.gateway.adapter.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server the tests of this JVM use, chosen once: the server named by
 * {@value #URL_VARIABLE} (an admin connection that may create databases), else a Testcontainers
 * PostgreSQL when a Docker engine answers, else an embedded PostgreSQL. The last two are left running
 * until the JVM exits (Testcontainers' reaper and zonky's shutdown hook stop them).
 */
final class TestServer {

    static final String URL_VARIABLE = "GATEWAY_TEST_DATABASE_URL";

    private static final Logger log = LoggerFactory.getLogger(TestServer.class);
    private static DatabaseUrl admin;

    private TestServer() {
    }

    static synchronized DatabaseUrl admin() {
        if (admin == null) {
            admin = choose();
        }
        return admin;
    }

    private static DatabaseUrl choose() {
        String configured = System.getenv(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            DatabaseUrl url = DatabaseUrl.parse(configured);
            log.atInfo().setMessage("test pg from environment").addKeyValue("url", url).log();
            return url;
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return container();
        }
        return embedded();
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static DatabaseUrl container() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
        container.start();
        log.atInfo().setMessage("test pg in a container").addKeyValue("port", container.getFirstMappedPort()).log();
        return DatabaseUrl.parse("jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432)
                + "/postgres?user=" + container.getUsername() + "&password=" + container.getPassword());
    }

    private static DatabaseUrl embedded() {
        try {
            // As root, zonky runs PostgreSQL under `unshare -U`, as PostgreSQL refuses to run as root.
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            log.atInfo().setMessage("test pg embedded").addKeyValue("port", postgres.getPort()).log();
            return DatabaseUrl.parse("postgres://postgres@localhost:" + postgres.getPort() + "/postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start an embedded PostgreSQL", e);
        }
    }
}
