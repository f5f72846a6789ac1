package io.usersync.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Triggers runs through the API and waits for them to end. */
public final class Runs {
    private Runs() {}

    public static String trigger(String taskId, Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sync-tasks/" + taskId + "/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    public static JsonPath awaitEnd(String runId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonPath run = given().get("/api/v1/runs/" + runId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            String status = run.getString("status");
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return run;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("run " + runId + " did not end within 60 s");
    }

    public static JsonPath run(String taskId, Map<String, Object> body) {
        return awaitEnd(trigger(taskId, body));
    }

    public static JsonPath run(String taskId) {
        return run(taskId, Map.of());
    }

    /** Runs the task and asserts that the run succeeded; the run. */
    public static JsonPath succeeded(String taskId, Map<String, Object> body) {
        JsonPath run = run(taskId, body);
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        return run;
    }

    public static JsonPath succeeded(String taskId) {
        return succeeded(taskId, Map.of());
    }

    /** The run's change records, every page. */
    public static List<Map<String, Object>> changes(String runId) {
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        for (int page = 0; ; page++) {
            List<Map<String, Object>> items = given().queryParam("size", 1000)
                    .queryParam("page", page)
                    .get("/api/v1/runs/" + runId + "/changes")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items");
            all.addAll(items);
            if (items.size() < 1000) {
                return all;
            }
        }
    }
}
