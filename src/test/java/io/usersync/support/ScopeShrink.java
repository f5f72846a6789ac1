package io.usersync.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;

/**
 * Narrows a synced task's scope to one subtree, so that most of its users would go: the threshold
 * must block that, a dry run must only count it, and allowMassDelete must apply it. The directory
 * itself is left untouched, so a shared lab server stays as seeded.
 */
public final class ScopeShrink {
    private ScopeShrink() {}

    public static void thresholdBlocksDryRunCountsAllowApplies(
            String taskId, Map<String, Object> taskBody, String narrowDn) {
        int before = SyncedStore.userCount(taskId);
        taskBody.put("baseDns", List.of(narrowDn));
        taskBody.put("deleteThreshold", Map.of("maxCount", 5));
        given().contentType(ContentType.JSON)
                .body(taskBody)
                .put("/api/v1/sync-tasks/" + taskId)
                .then()
                .statusCode(200);

        JsonPath blocked = Runs.run(taskId);
        assertEquals("BLOCKED_BY_THRESHOLD", blocked.getString("status"), blocked.prettify());
        assertTrue(blocked.getInt("wouldRemove") > 5);
        assertEquals(before, SyncedStore.userCount(taskId), "a blocked run applies nothing");

        JsonPath dry = Runs.run(taskId, Map.of("dryRun", true, "allowMassDelete", true));
        assertEquals("SUCCEEDED", dry.getString("status"), dry.prettify());
        assertEquals(
                blocked.getInt("wouldRemove"), dry.getInt("counts.usersRemoved") + dry.getInt("counts.groupsRemoved"));
        assertEquals(before, SyncedStore.userCount(taskId), "a dry run writes nothing");
        int recorded = given().queryParam("action", "REMOVED")
                .queryParam("objectType", "USER")
                .get("/api/v1/runs/" + dry.getString("id") + "/changes")
                .then()
                .statusCode(200)
                .extract()
                .path("total");
        assertEquals(dry.getInt("counts.usersRemoved"), recorded, "the dry run records every removal it would make");

        JsonPath applied = Runs.run(taskId, Map.of("allowMassDelete", true));
        assertEquals("SUCCEEDED", applied.getString("status"), applied.prettify());
        assertEquals(before - applied.getInt("counts.usersRemoved"), SyncedStore.userCount(taskId));
        assertTrue(applied.getInt("counts.usersRemoved") > 5);
    }
}
