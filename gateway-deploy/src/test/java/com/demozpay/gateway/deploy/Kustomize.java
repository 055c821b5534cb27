package com.demozpay.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code kubectl kustomize} renders from a kustomization under infra/k8s, as text and as objects.
 * kubectl is required: without it the manifests are unchecked, so the tests fail and say why.
 */
final class Kustomize {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Kustomize() {
    }

    static String render(String kustomization) {
        assertThat(Commands.works("kubectl", "version", "--client"))
                .as("kubectl is not installed: it renders infra/k8s (apt-get install kubectl, or see docs/deploy.md)")
                .isTrue();
        Commands.Result result = Commands.run(Duration.ofSeconds(60), "kubectl", "kustomize",
                Repo.k8s(kustomization).toString());
        assertThat(result.exitCode()).as("kubectl kustomize infra/k8s/%s:\n%s", kustomization, result.output()).isZero();
        return result.stdout();
    }

    static List<JsonNode> objects(String kustomization) {
        String rendered = render(kustomization);
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(rendered)) {
            var documents = YAML.readValues(parser, JsonNode.class);
            while (documents.hasNext()) {
                JsonNode object = documents.next();
                if (object != null && !object.isNull() && !object.isMissingNode()) {
                    objects.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("kustomize output is not YAML", e);
        }
        return objects;
    }

    static JsonNode one(List<JsonNode> objects, String kind, String namePrefix) {
        return find(objects, kind, namePrefix)
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + namePrefix + "* in the rendered manifests"));
    }

    /** By kind and name; a generated ConfigMap or Secret carries a hash suffix, so a prefix matches it. */
    static Optional<JsonNode> find(List<JsonNode> objects, String kind, String namePrefix) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .filter(o -> {
                    String name = o.path("metadata").path("name").asText();
                    return name.equals(namePrefix) || name.startsWith(namePrefix + "-");
                })
                .findFirst();
    }
}
