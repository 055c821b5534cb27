package com.demozpay.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * infra/k8s renders with kustomize, and every object it renders is valid for the Kubernetes API (and the
 * Prometheus operator's CRDs), checked offline by kubernetes-models' schemas under node.
 */
class ManifestsTest {

    private static final Path NODE_SOURCES = Path.of(System.getProperty("basedir", ".")).resolve("src/test/node");

    @ParameterizedTest
    @ValueSource(strings = {"base", "base/boot-check", "overlays/example", "overlays/example/boot-check"})
    void everyKustomizationRendersAndEveryObjectValidatesAgainstTheKubernetesSchema(String kustomization)
            throws IOException {
        // given what kustomize renders
        String rendered = Kustomize.render(kustomization);
        Path checker = installedSchemaChecker();

        // when node validates each object against its kind's schema
        Commands.Result result = Commands.run(checker, Duration.ofSeconds(60), rendered,
                List.of("node", "validate.mjs"));

        // then every one is valid
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout().lines().filter(line -> line.startsWith("valid "))).as(result.output()).isNotEmpty();
    }

    @Test
    void theSchemaCheckRefusesAnInvalidObject() throws IOException {
        Path checker = installedSchemaChecker();
        String broken = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: gateway}\n"
                + "spec: {replicas: three, selector: {matchLabels: {a: b}}, template: {spec: {containers: []}}}\n";

        Commands.Result result = Commands.run(checker, Duration.ofSeconds(60), broken, List.of("node", "validate.mjs"));

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.stdout()).contains("INVALID apps/v1 Deployment").contains("replicas must be integer");
    }

    @Test
    void theExampleOverlayPutsEveryObjectInTheDemozNamespace() {
        List<JsonNode> objects = Kustomize.objects("overlays/example");

        assertThat(objects).filteredOn(o -> !"Namespace".equals(o.path("kind").asText()))
                .allSatisfy(o -> assertThat(o.path("metadata").path("namespace").asText())
                        .as(o.path("kind").asText() + " " + o.path("metadata").path("name").asText())
                        .isEqualTo("demoz"));
        assertThat(Kustomize.one(objects, "Deployment", "gateway").path("spec").path("replicas").asInt()).isEqualTo(3);
    }

    /** node with kubernetes-models and yaml from the lock file, under target/ (npm ci, once per build). */
    private static Path installedSchemaChecker() throws IOException {
        if (!Commands.works("node", "--version") || !Commands.works("npm", "--version")) {
            String why = "node and npm are needed to validate infra/k8s against the Kubernetes schema";
            if (Repo.onCi()) {
                fail(why + " and CI=true: install nodejs and npm");
            }
            System.err.println("SKIPPED schema validation: " + why);
            abort(why);
        }
        Path work = Path.of(System.getProperty("basedir", ".")).resolve("target/manifest-check");
        Files.createDirectories(work);
        for (String file : List.of("validate.mjs", "package.json", "package-lock.json")) {
            Files.copy(NODE_SOURCES.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        synchronized (ManifestsTest.class) {
            if (!Files.isDirectory(work.resolve("node_modules/kubernetes-models"))) {
                Commands.Result install = Commands.run(work, Duration.ofMinutes(3), null,
                        List.of("npm", "ci", "--no-audit", "--no-fund"));
                assertThat(install.exitCode()).as(install.output()).isZero();
            }
        }
        return work;
    }
}
