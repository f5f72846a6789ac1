package io.usersync.support;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.usersync.demo.AdLikeTree;

/** Shared helpers of the API tests: contract validation on every call and small builders. */
public abstract class ApiTest {
    public static final String ROOT_GROUP = "00000000-0000-0000-0000-000000000001";

    @BeforeAll
    static void validateResponsesAgainstContract() {
        ContractValidation.install();
        TestCredentials.install();
    }

    protected static RequestSpecification json() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static String createGroup(String name, String parentId) {
        return json().body(parentId == null ? Map.of("name", name) : Map.of("name", name, "parentId", parentId))
                .post("/api/v1/user-groups").then().statusCode(201).extract().path("id");
    }

    /** A valid task body; tests change one field of it at a time. */
    public static Map<String, Object> taskBody(String name, String targetGroupId) {
        Map<String, Object> directory = new java.util.LinkedHashMap<>();
        directory.put("type", "ACTIVE_DIRECTORY");
        directory.put("host", "dc1.corp.example.com");
        directory.put("port", 636);
        directory.put("security", "LDAPS");
        directory.put("login", "CORP\\SVC-SYNC");
        directory.put("password", "s3cret-Pa55word");
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("description", "Nightly import of the HQ OU");
        body.put("enabled", true);
        body.put("directory", directory);
        body.put("targetGroupId", targetGroupId);
        body.put("baseDns", List.of("OU=HQ,DC=corp,DC=example,DC=com"));
        body.put("collisionHandling", "SKIP");
        body.put("userExtinctionHandling", "REMOVE");
        body.put("groupExtinctionHandling", "REMOVE");
        body.put("deleteThreshold", Map.of("maxCount", 500, "maxPercent", 20));
        body.put("schedule", Map.of("cron", "0 0 2 * * ?", "timezone", "Europe/Bratislava"));
        body.put("tags", List.of("hq", "nightly"));
        return body;
    }

    @SuppressWarnings("unchecked")
    /** A task body reading the embedded AD-shaped demo directory on the given port below one base DN. */
    protected static Map<String, Object> demoDirectoryTask(String name, String targetGroupId, int port, String baseDn) {
        Map<String, Object> body = taskBody(name, targetGroupId);
        Map<String, Object> d = directoryOf(body);
        d.put("host", "127.0.0.1");
        d.put("port", port);
        d.put("security", "NONE");
        d.put("login", AdLikeTree.SERVICE_DN);
        d.put("password", AdLikeTree.SERVICE_PASSWORD);
        body.put("baseDns", List.of(baseDn));
        body.remove("schedule");
        return body;
    }

    protected static Map<String, Object> directoryOf(Map<String, Object> body) {
        return (Map<String, Object>) body.get("directory");
    }
}
