package io.usersync.lab;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPException;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.usersync.support.Runs;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The lifecycle on a real directory, shared by the Samba AD and OpenLDAP tests: a user that leaves the scope
 * is a tombstone and comes back as itself, one deleted and brought back with its id too; a user a person
 * disabled stays disabled; DISABLE_THEN_REMOVE passes through both steps; one object is synced at once.
 */
final class LifecycleScenarios {
    /** One lab directory: its changes, a task body over {@code inside} only, and how it brings a deleted user back. */
    interface Lab {
        LabChanges changes();

        /** A task over {@link #inside} only, with this userExtinctionHandling. */
        Map<String, Object> task(String extinction);

        String inside();

        String outside();

        /** Deletes the user; the returned step brings it back with the same external id, at its DN. */
        Revival delete(String dn, String externalId) throws LDAPException;
    }

    interface Revival {
        void revive() throws LDAPException;
    }

    private LifecycleScenarios() {}

    static String createTask(Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static Map<String, Object> user(String task, String login) {
        List<Map<String, Object>> found = given().queryParam("taskId", task)
                .queryParam("q", login)
                .get("/api/v1/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        return found.stream()
                .filter(u -> login.equalsIgnoreCase((String) u.get("username")))
                .findFirst()
                .orElse(null);
    }

    static Map<String, Object> byId(String id) {
        return given().get("/api/v1/users/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    static void put(String id, Map<String, Object> body) {
        given().contentType(ContentType.JSON)
                .body(body)
                .put("/api/v1/users/" + id)
                .then()
                .statusCode(200);
    }

    private static JsonPath incremental(String task) {
        JsonPath run = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        assertEquals("INCREMENTAL", run.getString("executedMode"), run.prettify());
        return run;
    }

    /** Out of scope and back, then deleted and brought back with its id: the same user each time. */
    static void tombstoneAndRestore(Lab lab, String login) throws LDAPException {
        LabChanges changes = lab.changes();
        String dn = changes.addUser(lab.inside(), "Life " + login, login);
        String task = createTask(lab.task("REMOVE"));
        Runs.succeeded(task);
        Map<String, Object> synced = user(task, login);
        String id = (String) synced.get("id");
        put(id, Map.of("username", synced.get("username"), "customAttributes", Map.of("laptop", "NB-0042")));

        String outside = changes.renameAndMove(dn, "Life " + login, lab.outside());
        JsonPath out = incremental(task);
        assertEquals(1, out.getInt("counts.usersRemoved"), out.prettify());
        JsonPath gone = given().get("/api/v1/users/" + id)
                .then()
                .statusCode(410)
                .extract()
                .jsonPath();
        assertNotNull(gone.getString("removedAt"), gone.prettify());
        assertNull(user(task, login), "a tombstone is not listed");

        changes.renameAndMove(outside, "Life " + login, lab.inside());
        JsonPath back = incremental(task);
        assertEquals(1, back.getInt("counts.usersRestored"), back.prettify());
        assertEquals(0, back.getInt("counts.usersCreated"), back.prettify());
        Map<String, Object> restored = byId(id);
        assertEquals(Map.of("laptop", "NB-0042"), restored.get("customAttributes"));

        Revival revival = lab.delete(dn, (String) synced.get("externalId"));
        JsonPath deleted = incremental(task);
        assertEquals(1, deleted.getInt("counts.usersRemoved"), deleted.prettify());
        given().get("/api/v1/users/" + id).then().statusCode(410);
        revival.revive();
        JsonPath revived = incremental(task);
        assertEquals(1, revived.getInt("counts.usersRestored"), revived.prettify());
        assertEquals(Map.of("laptop", "NB-0042"), byId(id).get("customAttributes"));
        JsonPath full = Runs.succeeded(task);
        assertEquals(0, full.getInt("counts.usersCreated") + full.getInt("counts.usersRemoved"), full.prettify());
        changes.delete(dn);
    }

    /** A user a person disabled stays disabled through incremental and full runs, its directory fields still synced. */
    static void adminDisabledStaysDisabled(Lab lab, String login) throws LDAPException {
        LabChanges changes = lab.changes();
        String dn = changes.addUser(lab.inside(), "Admin " + login, login);
        String task = createTask(lab.task("REMOVE"));
        Runs.succeeded(task);
        Map<String, Object> synced = user(task, login);
        String id = (String) synced.get("id");
        put(id, Map.of("username", synced.get("username"), "enabled", false));
        String renamed = changes.renameAndMove(dn, "Admin Renamed " + login, null);
        incremental(task);
        Map<String, Object> after = byId(id);
        assertEquals(false, after.get("enabled"), after.toString());
        assertEquals("ADMIN", after.get("disabledBy"));
        assertTrue(((String) after.get("dn")).contains("Renamed"), "the directory's fields still follow it");
        Runs.succeeded(task);
        assertEquals("ADMIN", byId(id).get("disabledBy"));
        assertEquals(false, byId(id).get("enabled"));
        changes.delete(renamed);
    }

    /** Disabled when it leaves the scope, removed a run later with removeAfterDays 0. */
    static void disableThenRemove(Lab lab, String login) throws LDAPException {
        LabChanges changes = lab.changes();
        String dn = changes.addUser(lab.inside(), "Dtr " + login, login);
        Map<String, Object> body = lab.task("DISABLE_THEN_REMOVE");
        body.put("removeAfterDays", 0);
        String task = createTask(body);
        Runs.succeeded(task);
        String id = (String) user(task, login).get("id");
        String outside = changes.renameAndMove(dn, "Dtr " + login, lab.outside());
        JsonPath first = incremental(task);
        assertEquals(1, first.getInt("counts.usersDisabled"), first.prettify());
        assertEquals("EXTINCTION", byId(id).get("disabledBy"));
        JsonPath second = incremental(task);
        assertEquals(1, second.getInt("counts.usersRemoved"), second.prettify());
        given().get("/api/v1/users/" + id).then().statusCode(410);
        changes.delete(outside);
    }

    /**
     * One user created, updated and found out of scope by POST /objects; the time each call took, in ms, then the
     * median and the slowest of 15 calls for an unchanged user.
     */
    static List<Long> oneObject(Lab lab, String login, Function<String, String> dnOutsideScope) throws LDAPException {
        LabChanges changes = lab.changes();
        String task = createTask(lab.task("DISABLE"));
        Runs.succeeded(task);
        String dn = changes.addUser(lab.inside(), "One " + login, login);
        long t0 = System.nanoTime();
        JsonPath created = sync(task, Map.of("dn", dn));
        long createdMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("CREATED", created.getString("change.action"), created.prettify());
        String trace = String.join("\n", created.getList("trace", String.class));
        assertTrue(trace.contains("inside the base DN"), trace);
        assertTrue(trace.contains("action CREATED"), trace);

        String renamed = changes.renameAndMove(dn, "One Renamed " + login, null);
        t0 = System.nanoTime();
        JsonPath updated = sync(task, Map.of("username", login));
        long updatedMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("UPDATED", updated.getString("change.action"), updated.prettify());
        assertTrue(updated.getList("change.changedFields").contains("dn"), updated.prettify());

        String outside = changes.renameAndMove(renamed, "One Renamed " + login, lab.outside());
        t0 = System.nanoTime();
        JsonPath left = sync(task, Map.of("dn", outside));
        long leftMs = (System.nanoTime() - t0) / 1_000_000;
        String leftTrace = String.join("\n", left.getList("trace", String.class));
        assertTrue(leftTrace.contains("outside the task's base DNs"), leftTrace);
        assertEquals("DISABLED", left.getString("change.action"), left.prettify());

        // warm: the same user again and again, unchanged, the way a console refreshes one it shows
        String login2 = login + ".warm";
        String warmDn = changes.addUser(lab.inside(), "Warm " + login, login2);
        sync(task, Map.of("dn", warmDn));
        List<Long> warm = new java.util.ArrayList<>();
        for (int i = 0; i < 15; i++) {
            t0 = System.nanoTime();
            JsonPath again = sync(task, Map.of("username", login2));
            warm.add((System.nanoTime() - t0) / 1_000_000);
            assertNull(again.get("change"), again.prettify());
        }
        changes.delete(warmDn);
        warm.sort(null);

        JsonPath stranger = sync(task, Map.of("dn", dnOutsideScope.apply(lab.outside())));
        String strangerTrace = String.join("\n", stranger.getList("trace", String.class));
        assertTrue(strangerTrace.contains("nothing to do"), strangerTrace);
        assertNull(stranger.get("change"), stranger.prettify());
        changes.delete(outside);
        return List.of(createdMs, updatedMs, leftMs, warm.get(warm.size() / 2), warm.get(warm.size() - 1));
    }

    private static JsonPath sync(String task, Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sync-tasks/" + task + "/objects")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
