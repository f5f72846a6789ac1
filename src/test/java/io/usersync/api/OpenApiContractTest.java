package io.usersync.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.usersync.support.ContractValidation;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * openapi/openapi.yaml is what consumers code against. The API tests validate every response
 * against it; this test proves the document is exactly what the running service implements.
 */
@QuarkusTest
class OpenApiContractTest {
    private static final String REGENERATE =
            "the API changed but openapi/openapi.yaml did not: review the change, then run "
                    + "'./mvnw package -DskipTests && cp target/openapi/openapi.yaml openapi/openapi.yaml'";

    @Test
    void committedContractIsWhatTheServiceServes() throws Exception {
        JsonNode committed =
                new ObjectMapper(new YAMLFactory()).readTree(Files.readString(ContractValidation.CONTRACT));
        JsonNode served = new ObjectMapper()
                .readTree(given().accept("application/json")
                        .get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        List<String> differences = new ArrayList<>();
        diff("", committed, served, differences);
        assertTrue(differences.isEmpty(), REGENERATE + "\n" + String.join("\n", differences));
    }

    @Test
    void contractCoversEveryEndpointTheIssuesName() throws Exception {
        JsonNode paths = new ObjectMapper(new YAMLFactory())
                .readTree(Files.readString(ContractValidation.CONTRACT))
                .get("paths");
        for (String[] op : new String[][] {
            {"/api/v1/user-groups", "get"},
            {"/api/v1/user-groups", "post"},
            {"/api/v1/user-groups/{id}", "get"},
            {"/api/v1/user-groups/{id}", "put"},
            {"/api/v1/user-groups/{id}", "delete"},
            {"/api/v1/user-groups/{id}/children", "get"},
            {"/api/v1/sync-tasks", "get"},
            {"/api/v1/sync-tasks", "post"},
            {"/api/v1/sync-tasks/{id}", "get"},
            {"/api/v1/sync-tasks/{id}", "put"},
            {"/api/v1/sync-tasks/{id}", "delete"},
            {"/api/v1/sync-tasks/{id}/runs", "post"},
            {"/api/v1/sync-tasks/{id}/runs", "get"},
            {"/api/v1/runs", "get"},
            {"/api/v1/runs/{id}", "get"},
            {"/api/v1/runs/{id}/changes", "get"},
            {"/api/v1/runs/{id}/cancel", "post"},
            {"/api/v1/users", "get"},
            {"/api/v1/users", "post"},
            {"/api/v1/users/{id}", "get"},
            {"/api/v1/users/{id}", "put"},
            {"/api/v1/users/{id}", "delete"},
            {"/api/v1/user-groups/{id}/members", "get"},
            {"/api/v1/directory/browse", "post"},
            {"/api/v1/directory/test", "post"},
            {"/api/v1/sync-tasks/{id}/browse", "get"},
            {"/api/v1/sync-tasks/{id}/test", "post"},
            {"/api/v1/runs/{id}/events", "get"}
        }) {
            assertTrue(
                    paths.has(op[0]) && paths.get(op[0]).has(op[1]),
                    op[1] + " " + op[0] + " is missing from the contract");
        }
    }

    /** Guards the guard: the validator the API tests rely on does reject a response that breaks the contract. */
    @Test
    void responseValidationRejectsAResponseThatBreaksTheContract() throws Exception {
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(
                        Files.readString(ContractValidation.CONTRACT))
                .build();
        var report = validator.validateResponse(
                "/api/v1/user-groups/{id}",
                Request.Method.GET,
                SimpleResponse.Builder.ok()
                        .withContentType("application/json")
                        .withBody("{\"id\": 42, \"name\": \"x\", \"kind\": \"NOT_A_KIND\"}")
                        .build());
        assertTrue(report.hasErrors(), "a wrong id type and enum value must be reported");
        var fine = validator.validateResponse(
                "/api/v1/user-groups/{id}",
                Request.Method.GET,
                SimpleResponse.Builder.ok()
                        .withContentType("application/json")
                        .withBody(
                                "{\"id\": \"00000000-0000-0000-0000-000000000001\", \"name\": \"All\", \"kind\": \"ROOT\","
                                        + " \"createdAt\": \"2026-01-01T00:00:00Z\", \"updatedAt\": \"2026-01-01T00:00:00Z\"}")
                        .build());
        assertEquals(
                List.of(),
                fine.getMessages().stream()
                        .filter(m -> m.getLevel().name().equals("ERROR"))
                        .toList());
    }

    private static void diff(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected == null || actual == null) {
            out.add(path + ": " + (expected == null ? "not in the committed contract" : "not served by the service"));
        } else if (expected.isObject() && actual.isObject()) {
            var names = new TreeSet<String>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                diff(path + "/" + n, expected.get(n), actual.get(n), out);
            }
        } else if (!expected.equals(actual)
                && !(expected.isValueNode()
                        && actual.isValueNode()
                        && expected.asText().equals(actual.asText()))) {
            out.add(path + ": committed " + expected + " but served " + actual);
        }
    }
}
