package io.usersync.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.usersync.demo.AdLikeTree;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

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
                .post("/api/v1/user-groups")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A valid task body; tests change one field of it at a time. */
    public static Map<String, Object> taskBody(String name, String targetGroupId) {
        Map<String, Object> directory = new LinkedHashMap<>();
        directory.put("type", "ACTIVE_DIRECTORY");
        directory.put("host", "dc1.corp.example.com");
        directory.put("port", 636);
        directory.put("security", "LDAPS");
        directory.put("login", "CORP\\SVC-SYNC");
        directory.put("password", "s3cret-Pa55word");
        Map<String, Object> body = new LinkedHashMap<>();
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

    /** A task body reading the embedded AD-shaped demo directory on the given port below one base DN. */
    protected static Map<String, Object> demoDirectoryTask(String name, String targetGroupId, int port, String baseDn) {
        return readingLocalDirectory(
                taskBody(name, targetGroupId),
                "ACTIVE_DIRECTORY",
                port,
                "NONE",
                AdLikeTree.SERVICE_DN,
                AdLikeTree.SERVICE_PASSWORD,
                List.of(baseDn));
    }

    /** A task body of its own (a new target group) reading a directory on 127.0.0.1: see {@link #readingLocalDirectory}. */
    protected static Map<String, Object> localDirectoryTask(
            String name, String type, int port, String security, String login, String password, List<String> baseDns) {
        return readingLocalDirectory(
                taskBody(unique(name), createGroup(unique(name), null)),
                type,
                port,
                security,
                login,
                password,
                baseDns);
    }

    /**
     * Points a task body at a directory on 127.0.0.1 with this account, below these base DNs. The schedule goes: a
     * test's runs are the ones it triggers.
     */
    protected static Map<String, Object> readingLocalDirectory(
            Map<String, Object> body,
            String type,
            int port,
            String security,
            String login,
            String password,
            List<String> baseDns) {
        directoryOf(body)
                .putAll(Map.of(
                        "type",
                        type,
                        "host",
                        "127.0.0.1",
                        "port",
                        port,
                        "security",
                        security,
                        "login",
                        login,
                        "password",
                        password));
        body.put("baseDns", baseDns);
        body.remove("schedule");
        return body;
    }

    /** Creates the task; its id. */
    protected static String createTask(Map<String, Object> body) {
        return json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @SuppressWarnings("unchecked")
    /** The task's user with this user name, as the users list answers it. */
    protected static Map<String, Object> syncedUser(String task, String username) {
        List<Map<String, Object>> items = json().queryParam("taskId", task)
                .queryParam("q", username)
                .get("/api/v1/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        return items.stream()
                .filter(u -> username.equals(u.get("username")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no user " + username + " in task " + task));
    }

    protected static Map<String, Object> directoryOf(Map<String, Object> body) {
        return (Map<String, Object>) body.get("directory");
    }
}
