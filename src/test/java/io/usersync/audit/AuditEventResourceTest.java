package io.usersync.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.usersync.support.ApiTest;
import io.usersync.support.TestCredentials;
import io.usersync.support.TestSecrets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditEventResourceTest extends ApiTest {

    private static JsonPath events(String... query) {
        var spec = given().queryParam("size", 100);
        for (int i = 0; i < query.length; i += 2) {
            spec = spec.queryParam(query[i], query[i + 1]);
        }
        return spec.get("/api/v1/audit-events").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void taskLifeIsRecordedWithBeforeAfterAndNoPassword() {
        String group = createGroup(unique("audit-target"), null);
        Map<String, Object> body = taskBody(unique("audited"), group);
        var created = json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(201)
                .extract();
        String id = created.path("id");
        directoryOf(body).put("password", "another-one");
        body.put("description", "changed by the audit test");
        json().header("If-Match", created.header("ETag"))
                .body(body)
                .put("/api/v1/sync-tasks/" + id)
                .then()
                .statusCode(200);
        given().delete("/api/v1/sync-tasks/" + id).then().statusCode(204);

        JsonPath log = events("targetId", id);
        List<String> actions = log.getList("items.action");
        assertEquals(List.of("TASK_DELETED", "TASK_UPDATED", "TASK_CREATED"), actions);
        assertEquals("bootstrap", log.getString("items[2].actor"));
        assertEquals("127.0.0.1", log.getString("items[2].remoteAddress"));
        assertEquals("Nightly import of the HQ OU", log.getString("items[1].before.description"));
        assertEquals("changed by the audit test", log.getString("items[1].after.description"));
        assertEquals("directory password replaced", log.getString("items[1].detail"));
        assertTrue(log.getMap("items[0].before").containsKey("directory"));
        assertTrue(log.getMap("items[0]").get("after") == null);
        String raw = log.prettify();
        assertFalse(raw.contains("s3cret-Pa55word") || raw.contains("another-one"), raw);
    }

    @Test
    void failedAuthenticationIsRecordedWithWhereFrom() throws InterruptedException {
        String path = "/api/v1/user-groups/" + UUID.randomUUID();
        given().header(TestCredentials.bearer("usy_wrong-token-for-the-audit-test-000000"))
                .get(path)
                .then()
                .statusCode(401);
        given().header(TestCredentials.anonymous()).get(path).then().statusCode(401);
        // refusals are written off the request thread
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        JsonPath log;
        do {
            Thread.sleep(100);
            log = events("action", "AUTHENTICATION_FAILED", "targetId", "GET " + path);
        } while (log.getList("items").size() < 2 && Instant.now().isBefore(deadline));
        assertEquals(2, log.getList("items").size(), log.prettify());
        assertEquals("no credential", log.getString("items[0].detail"));
        assertEquals(
                "the API token is unknown, expired or revoked (presented usy_wrong-…)",
                log.getString("items[1].detail"));
        assertEquals("FAILURE", log.getString("items[1].outcome"));
        assertEquals("127.0.0.1", log.getString("items[1].remoteAddress"));
        assertFalse(log.prettify().contains("usy_wrong-token-for-the-audit-test"));
    }

    @Test
    void runTriggerAndCancelAreRecorded() {
        String group = createGroup(unique("audit-runs"), null);
        Map<String, Object> body = taskBody(unique("audited-run"), group);
        body.remove("schedule");
        String task = createTask(body);
        String location = json().body(Map.of("dryRun", true))
                .post("/api/v1/sync-tasks/" + task + "/runs")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
        String run = location.substring(location.lastIndexOf('/') + 1);
        given().post("/api/v1/runs/" + run + "/cancel").then().statusCode(Matchers.anyOf(equalTo(200), equalTo(409)));

        JsonPath log = events("targetType", "RUN", "targetId", run);
        List<String> actions = log.getList("items.action");
        assertTrue(actions.contains("RUN_TRIGGERED"), actions.toString());
        int trig = actions.indexOf("RUN_TRIGGERED");
        assertEquals(task, log.getString("items[" + trig + "].after.taskId"));
        assertEquals(true, log.getBoolean("items[" + trig + "].after.dryRun"));
    }

    @Test
    void filtersAndAccess() {
        String g = createGroup(unique("filtered"), null);
        assertTrue(events("action", "GROUP_CREATED", "actor", "bootstrap")
                .getList("items.targetId")
                .contains(g));
        assertTrue(events("action", "GROUP_CREATED", "actor", "nobody")
                .getList("items")
                .isEmpty());
        assertTrue(events("targetId", g, "from", Instant.now().plusSeconds(60).toString())
                .getList("items")
                .isEmpty());
        given().queryParam("action", "NOT_AN_ACTION")
                .get("/api/v1/audit-events")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("action"));
        given().queryParam("outcome", "MAYBE")
                .get("/api/v1/audit-events")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("outcome"));

        String operator = given().contentType(ContentType.JSON)
                .body(Map.of("name", unique("op"), "role", "operator"))
                .post("/api/v1/api-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        TestSecrets.remember(operator);
        given().header(TestCredentials.bearer(operator))
                .get("/api/v1/audit-events")
                .then()
                .statusCode(403)
                .body("requiredRole", equalTo("admin"))
                .body("detail", notNullValue())
                .body("errors", nullValue());
    }
}
