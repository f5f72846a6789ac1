package io.usersync.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.runtime.configuration.DurationConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes/ is an example that would work: two replicas, the right probes, time to hand runs back, secrets. */
class KubernetesExampleTest {
    static Map<String, JsonNode> manifests() throws Exception {
        Map<String, JsonNode> byKind = new HashMap<>();
        try (Stream<Path> files = Files.list(Path.of("deploy/kubernetes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(f.toFile());
                byKind.put(n.get("kind").asText(), n);
            }
        }
        return byKind;
    }

    @Test
    void deploymentServiceAndSecretFitTogether() throws Exception {
        Map<String, JsonNode> m = manifests();
        JsonNode deployment = m.get("Deployment");
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertEquals(2, deployment.at("/spec/replicas").asInt());
        assertEquals(
                "/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals(
                "/q/health/live", container.at("/livenessProbe/httpGet/path").asText());

        Map<String, String> env = new HashMap<>();
        container
                .get("env")
                .forEach(e -> env.put(e.get("name").asText(), e.path("value").asText(null)));
        Duration grace = new DurationConverter().convert(env.getOrDefault("USERSYNC_RUN_GRACE", "20s"));
        assertTrue(
                pod.get("terminationGracePeriodSeconds").asLong() > grace.toSeconds() + 10,
                "the pod must have time to wait out the run grace and hand back");

        JsonNode secret = m.get("Secret");
        String secretName = secret.at("/metadata/name").asText();
        assertEquals(secretName, container.at("/envFrom/0/secretRef/name").asText());
        List<String> keys = new ArrayList<>();
        secret.get("stringData").fieldNames().forEachRemaining(keys::add);
        assertTrue(keys.containsAll(List.of("USERSYNC_SECRET_KEY", "USERSYNC_BOOTSTRAP_TOKEN")), keys.toString());

        JsonNode service = m.get("Service");
        assertEquals(
                deployment.at("/spec/template/metadata/labels/app").asText(),
                service.at("/spec/selector/app").asText());
        assertEquals(
                container.at("/ports/0/name").asText(),
                service.at("/spec/ports/0/targetPort").asText());
    }
}
