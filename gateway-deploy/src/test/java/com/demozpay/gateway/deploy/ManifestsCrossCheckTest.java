package com.demozpay.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.demozpay.gateway.app.config.GatewayConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests agree with the code: the ports the gateway listens on by default are the ones the
 * containers declare, the Service routes and the NetworkPolicy opens; the probes use the admin port;
 * every variable the pod gets is one the config loader reads, and with the example ConfigMap and
 * Secret the loader finds every required variable.
 */
class ManifestsCrossCheckTest {

    private static final String SECRETS_MOUNT = "/etc/gateway/secrets";
    private final List<JsonNode> objects = Kustomize.objects("overlays/example");
    private final JsonNode deployment = Kustomize.one(objects, "Deployment", "gateway");
    private final JsonNode configMap = Kustomize.one(objects, "ConfigMap", "gateway-config");
    private final JsonNode secret = Kustomize.one(objects, "Secret", "gateway-secrets");

    @Test
    void containerPortsAreTheConfiguredDefaultsAndTheServiceAndNetworkPolicyUseThem() {
        // given the ports the config loader defaults to
        GatewayConfig.Ports defaults = GatewayConfig.load(Map.of(
                "GATEWAY_DATABASE_URL", "postgres://gateway@db:5432/gateway",
                "GATEWAY_DASHEN_BASE_URL", "https://bank.example/",
                "GATEWAY_DASHEN_SIGNING_KEY", "whsec_" + Base64.getEncoder().encodeToString(new byte[32]))).ports();
        Map<String, Integer> expected = Map.of("grpc", defaults.grpc(), "webhook", defaults.webhook(), "admin", defaults.admin());

        // then the container declares them by name, and the ConfigMap (if it sets them) agrees
        Map<String, Integer> declared = new TreeMap<>();
        gateway().path("ports").forEach(p -> declared.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertThat(declared).isEqualTo(new TreeMap<>(expected));
        Map<String, String> config = configMapData();
        assertThat(config.getOrDefault("GATEWAY_GRPC_PORT", "" + defaults.grpc())).isEqualTo("" + defaults.grpc());
        assertThat(config.getOrDefault("GATEWAY_WEBHOOK_PORT", "" + defaults.webhook())).isEqualTo("" + defaults.webhook());
        assertThat(config.getOrDefault("GATEWAY_ADMIN_PORT", "" + defaults.admin())).isEqualTo("" + defaults.admin());

        // and the Service publishes gRPC and the webhook (not admin) on the same numbers, by port name
        JsonNode service = Kustomize.one(objects, "Service", "gateway");
        Map<String, Integer> published = new TreeMap<>();
        service.path("spec").path("ports").forEach(p -> {
            assertThat(p.path("targetPort").asText()).isEqualTo(p.path("name").asText());
            published.put(p.path("name").asText(), p.path("port").asInt());
        });
        assertThat(published).isEqualTo(Map.of("grpc", defaults.grpc(), "webhook", defaults.webhook()));
        assertThat(service.path("spec").path("selector")).isEqualTo(deployment.path("spec").path("selector").path("matchLabels"));

        // and the NetworkPolicy lets in exactly the three ports, for the Deployment's pods
        JsonNode policy = Kustomize.one(objects, "NetworkPolicy", "gateway");
        Set<Integer> opened = stream(policy.path("spec").path("ingress"))
                .flatMap(rule -> stream(rule.path("ports"))).map(p -> p.path("port").asInt()).collect(Collectors.toSet());
        assertThat(opened).containsExactlyInAnyOrderElementsOf(expected.values());
        assertThat(policy.path("spec").path("podSelector").path("matchLabels"))
                .isEqualTo(deployment.path("spec").path("selector").path("matchLabels"));
        assertThat(stream(policy.path("spec").path("egress")).flatMap(rule -> stream(rule.path("ports")))
                .map(p -> p.path("port").asInt()).collect(Collectors.toSet())).containsExactlyInAnyOrder(5432, 443, 53);
    }

    @Test
    void probesAskTheAdminPortForItsHealthEndpointsAndTheGraceOutlastsTheDrain() {
        JsonNode gateway = gateway();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(gateway.path(probe).path("httpGet").path("port").asText()).as(probe).isEqualTo("admin");
        }
        assertThat(gateway.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
        assertThat(gateway.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
        // runbook 9: the worst case is about the grace plus ten seconds
        GatewayConfig config = GatewayConfig.load(podEnvironmentWithSecretsInline());
        long drainSeconds = config.shutdownGrace().toSeconds() + 10;
        assertThat(deployment.path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asLong())
                .isGreaterThan(drainSeconds);
    }

    @Test
    void everyVariableThePodGetsIsOneTheConfigLoaderReads(@TempDir Path secrets) throws IOException {
        // given every GATEWAY_* variable the container gets from the ConfigMap and its env
        Map<String, String> pod = podEnvironment(secrets);
        Set<String> gatewayVariables = pod.keySet().stream().filter(name -> name.startsWith("GATEWAY_"))
                .collect(Collectors.toCollection(TreeSet::new));
        assumeFileVariablesSupported();

        // when the config loader reads that environment
        RecordingEnvironment env = new RecordingEnvironment(pod);
        GatewayConfig.load(env);

        // then it asked for each of them
        assertThat(env.asked).containsAll(gatewayVariables);
    }

    @Test
    void theExampleConfigMapAndSecretSetEveryRequiredVariable(@TempDir Path secrets) throws IOException {
        assumeFileVariablesSupported();
        // when the loader reads the pod's environment, with the Secret's files where the pod would have them
        GatewayConfig config = GatewayConfig.load(podEnvironment(secrets));

        // then nothing is missing and the values are the example's
        assertThat(config.dashenBaseUrl()).isEqualTo(configMapData().get("GATEWAY_DASHEN_BASE_URL"));
        assertThat(config.grpcAuthToken()).isPresent();
    }

    @Test
    void everySecretKeyIsReadThroughAFileVariableAndEveryFileVariableNamesASecretKey() {
        Set<String> keys = new TreeSet<>();
        secret.path("data").fieldNames().forEachRemaining(keys::add);
        Set<String> files = new TreeSet<>();
        gateway().path("env").forEach(e -> {
            String value = e.path("value").asText();
            if (e.path("name").asText().endsWith("_FILE")) {
                assertThat(value).startsWith(SECRETS_MOUNT + "/");
                files.add(value.substring(SECRETS_MOUNT.length() + 1));
            }
        });
        assertThat(files).isEqualTo(keys);
        assertThat(stream(gateway().path("volumeMounts")).map(m -> m.path("mountPath").asText())).contains(SECRETS_MOUNT);
    }

    @Test
    void theReadinessGateAndTheBootCheckRunTheSameImageWithTheGatewaysConfiguration() {
        // given the initContainer and the boot-check Job of the example environment
        JsonNode gate = stream(deployment.path("spec").path("template").path("spec").path("initContainers"))
                .filter(c -> "wait-for-db".equals(c.path("name").asText())).findFirst().orElseThrow();
        List<JsonNode> bootCheck = Kustomize.objects("overlays/example/boot-check");
        JsonNode job = Kustomize.one(bootCheck, "Job", "gateway-boot-check").path("spec").path("template").path("spec");
        JsonNode check = job.path("containers").get(0);

        // then each runs its command with the gateway's image, ConfigMap, secret files and volumes
        assertThat(gate.path("args").get(0).asText()).isEqualTo("wait-for-db");
        assertThat(check.path("args").get(0).asText()).isEqualTo("check-config");
        for (JsonNode other : List.of(gate, check)) {
            assertThat(other.path("image")).isEqualTo(gateway().path("image"));
            assertThat(other.path("envFrom")).isEqualTo(gateway().path("envFrom"));
            assertThat(gatewayVariables(other)).isEqualTo(gatewayVariables(gateway()));
            assertThat(other.path("volumeMounts")).isEqualTo(gateway().path("volumeMounts"));
        }
        assertThat(job.path("volumes")).isEqualTo(deployment.path("spec").path("template").path("spec").path("volumes"));
        assertThat(Kustomize.one(bootCheck, "ConfigMap", "gateway-config").path("metadata").path("name"))
                .as("the boot check's ConfigMap is the Deployment's, hash included")
                .isEqualTo(configMap.path("metadata").path("name"));
        assertThat(Kustomize.one(bootCheck, "Secret", "gateway-secrets").path("metadata").path("name"))
                .isEqualTo(secret.path("metadata").path("name"));
    }

    private static Map<String, String> gatewayVariables(JsonNode container) {
        Map<String, String> variables = new TreeMap<>();
        container.path("env").forEach(e -> {
            if (e.path("name").asText().startsWith("GATEWAY_")) {
                variables.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        return variables;
    }

    /**
     * The manifests read secrets through GATEWAY_*_FILE (issue 11 item 6, branch tls). Until the config
     * loader reads those, the two tests that load the pod's environment cannot run: they are skipped
     * with this message, and run in full once it does.
     */
    private static void assumeFileVariablesSupported() {
        RecordingEnvironment probe = new RecordingEnvironment(Map.of());
        try {
            GatewayConfig.load(probe);
        } catch (RuntimeException expected) {
            // every required variable is missing: the loader still asked for each
        }
        assumeTrue(probe.asked.contains("GATEWAY_DATABASE_URL_FILE"),
                "the config loader does not read GATEWAY_*_FILE yet (issue 11 item 6)");
    }

    private JsonNode gateway() {
        return stream(deployment.path("spec").path("template").path("spec").path("containers"))
                .filter(c -> "gateway".equals(c.path("name").asText())).findFirst().orElseThrow();
    }

    private Map<String, String> configMapData() {
        Map<String, String> data = new HashMap<>();
        configMap.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    /** ConfigMap + container env, with each Secret key written to a file under {@code secrets}. */
    private Map<String, String> podEnvironment(Path secrets) throws IOException {
        Map<String, String> env = new HashMap<>(configMapData());
        for (JsonNode variable : gateway().path("env")) {
            String value = variable.path("value").asText();
            if (value.startsWith(SECRETS_MOUNT + "/")) {
                Path file = secrets.resolve(value.substring(SECRETS_MOUNT.length() + 1));
                Files.write(file, secretValue(file.getFileName().toString()).getBytes(StandardCharsets.UTF_8));
                value = file.toString();
            }
            env.put(variable.path("name").asText(), value);
        }
        return env;
    }

    /** ConfigMap + the Secret's values as the plain variables the *_FILE ones stand for. */
    private Map<String, String> podEnvironmentWithSecretsInline() {
        Map<String, String> env = new HashMap<>(configMapData());
        for (JsonNode variable : gateway().path("env")) {
            String name = variable.path("name").asText();
            String value = variable.path("value").asText();
            if (name.endsWith("_FILE") && value.startsWith(SECRETS_MOUNT + "/")) {
                env.put(name.substring(0, name.length() - "_FILE".length()),
                        secretValue(value.substring(SECRETS_MOUNT.length() + 1)));
            }
        }
        return env;
    }

    private String secretValue(String key) {
        String encoded = secret.path("data").path(key).asText().replaceAll("\\s", "");
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    /** A read-only environment that remembers every name the loader asked for. */
    private static final class RecordingEnvironment extends AbstractMap<String, String> {
        private final Map<String, String> values;
        final Set<String> asked = new HashSet<>();

        RecordingEnvironment(Map<String, String> values) {
            this.values = Map.copyOf(values);
        }

        @Override
        public String get(Object name) {
            asked.add(String.valueOf(name));
            return values.get(name);
        }

        @Override
        public boolean containsKey(Object name) {
            asked.add(String.valueOf(name));
            return values.containsKey(name);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return values.entrySet();
        }
    }
}
