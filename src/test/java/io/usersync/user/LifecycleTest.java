package io.usersync.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.demo.AdLikeTree;
import io.usersync.demo.DemoDirectory;
import io.usersync.support.ApiTest;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Removal keeps a tombstone, a returning object is the same object, and who disabled a user is kept. */
@QuarkusTest
class LifecycleTest extends ApiTest {
    private static final int USERS = 12;
    private static final String OUTSIDE = "CN=Users," + AdLikeTree.BASE;

    private static InMemoryDirectoryServer directory;

    @BeforeAll
    static void startDirectory() throws Exception {
        directory = DemoDirectory.start(0, USERS);
    }

    @AfterAll
    static void stopDirectory() {
        directory.shutDown(true);
    }

    private String moved;
    private String movedFrom;

    @BeforeEach
    void wipe() {
        SyncedStore.wipe();
    }

    @AfterEach
    void moveBack() throws Exception {
        if (moved != null) {
            move(moved, movedFrom);
            moved = null;
        }
    }

    static String dnOf(String login) throws Exception {
        return directory
                .search(AdLikeTree.BASE, SearchScope.SUB, Filter.createEqualityFilter("sAMAccountName", login), "1.1")
                .getSearchEntries()
                .get(0)
                .getDN();
    }

    /** Moves an entry below another parent; returns its new DN. */
    static String move(String dn, String parent) throws Exception {
        String rdn = new DN(dn).getRDNString();
        directory.modifyDN(dn, rdn, true, parent);
        return rdn + "," + parent;
    }

    private String moveOut(String login) throws Exception {
        String dn = dnOf(login);
        movedFrom = new DN(dn).getParentString();
        moved = move(dn, OUTSIDE);
        return moved;
    }

    private void moveBackNow() throws Exception {
        move(moved, movedFrom);
        moved = null;
    }

    private String task(String extinction) {
        Map<String, Object> body = demoDirectoryTask(
                unique("life"), createGroup(unique("life"), null), directory.getListenPort(), AdLikeTree.CORP);
        body.put("userExtinctionHandling", extinction);
        return createTask(body);
    }

    private static Map<String, Object> user(String task, String login) {
        List<Map<String, Object>> found = json().queryParam("taskId", task)
                .queryParam("q", login)
                .get("/api/v1/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        return found.stream()
                .filter(u -> login.equals(u.get("username")))
                .findFirst()
                .orElse(null);
    }

    private static Map<String, Object> byId(String id) {
        return json().get("/api/v1/users/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    private static List<Map<String, Object>> changes(JsonPath run) {
        return json().queryParam("size", 1000)
                .get("/api/v1/runs/" + run.getString("id") + "/changes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    private static Map<String, Object> change(JsonPath run, String action) {
        return changes(run).stream()
                .filter(c -> action.equals(c.get("action")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " in " + changes(run)));
    }

    @Test
    void aUserMovedOutIsATombstoneAndComesBackAsTheSameUser() throws Exception {
        String task = task("REMOVE");
        Runs.succeeded(task);
        String id = (String) user(task, "jnovak").get("id");
        List<String> groupsBefore = groupIds(byId(id));
        json().body(Map.of("username", "jnovak", "customAttributes", Map.of("device", "NB-0042")))
                .put("/api/v1/users/" + id)
                .then()
                .statusCode(200);
        String manual = createGroup(unique("hand-made"), null);
        QuarkusTransaction.requiringNew()
                .run(() -> AppUser.getEntityManager()
                        .createNativeQuery("insert into group_user_member (group_id, user_id) values (?1, ?2)")
                        .setParameter(1, java.util.UUID.fromString(manual))
                        .setParameter(2, java.util.UUID.fromString(id))
                        .executeUpdate());

        moveOut("jnovak");
        JsonPath removal = Runs.succeeded(task);
        assertEquals(1, removal.getInt("counts.usersRemoved"), removal.prettify());
        assertEquals("REMOVED", change(removal, "REMOVED").get("action"));

        JsonPath gone = json().get("/api/v1/users/" + id)
                .then()
                .statusCode(410)
                .extract()
                .jsonPath();
        assertNotNull(gone.getString("removedAt"), gone.prettify());
        assertNull(user(task, "jnovak"), "a tombstone is not listed");
        List<String> listed = json().queryParam("taskId", task)
                .queryParam("include", "removed")
                .queryParam("size", 100)
                .get("/api/v1/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
        assertTrue(listed.contains(id), "include=removed lists it");
        List<String> members = json().queryParam("size", 1000)
                .get("/api/v1/user-groups/" + manual + "/members")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
        assertFalse(members.contains(id), "a tombstone is no group's member");

        moveBackNow();
        JsonPath back = Runs.succeeded(task);
        assertEquals(1, back.getInt("counts.usersRestored"), back.prettify());
        assertEquals(0, back.getInt("counts.usersCreated"), back.prettify());
        assertEquals("USER", change(back, "RESTORED").get("objectType"));
        Map<String, Object> restored = byId(id);
        assertEquals(Map.of("device", "NB-0042"), restored.get("customAttributes"));
        assertNull(restored.get("removedAt"));
        List<String> groups = groupIds(restored);
        assertTrue(groups.contains(manual), "the hand-made membership was kept: " + groups);
        assertTrue(groups.containsAll(groupsBefore), "its directory memberships came back: " + groups);
    }

    @SuppressWarnings("unchecked")
    private static List<String> groupIds(Map<String, Object> user) {
        return ((List<Map<String, Object>>) user.get("groups"))
                .stream().map(g -> (String) g.get("id")).toList();
    }

    @Test
    void anIncrementalRunRestoresToo() throws Exception {
        String task = task("REMOVE");
        Runs.succeeded(task);
        String id = (String) user(task, "zmuller").get("id");
        moveOut("zmuller");
        JsonPath removal = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        assertEquals(1, removal.getInt("counts.usersRemoved"), removal.prettify());
        json().get("/api/v1/users/" + id).then().statusCode(410);
        moveBackNow();
        JsonPath back = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        assertEquals("INCREMENTAL", back.getString("executedMode"), back.prettify());
        assertEquals(1, back.getInt("counts.usersRestored"), back.prettify());
        assertEquals(id, byId(id).get("id"));
    }

    @Test
    void aUserAnAdminDisabledStaysDisabledThroughRuns() throws Exception {
        String task = task("REMOVE");
        Runs.succeeded(task);
        String id = (String) user(task, "aeostergaard").get("id");
        json().body(Map.of("username", "aeostergaard", "enabled", false))
                .put("/api/v1/users/" + id)
                .then()
                .statusCode(200);
        assertEquals("ADMIN", byId(id).get("disabledBy"));
        Runs.succeeded(task);
        String dn = dnOf("aeostergaard");
        directory.modify(dn, new Modification(ModificationType.REPLACE, "title", "Principal Engineer"));
        Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        Map<String, Object> after = byId(id);
        assertEquals(false, after.get("enabled"), after.toString());
        assertEquals("ADMIN", after.get("disabledBy"));
        assertEquals("Principal Engineer", after.get("jobTitle"), "directory fields still follow the directory");

        json().body(Map.of("username", "aeostergaard", "enabled", true))
                .put("/api/v1/users/" + id)
                .then()
                .statusCode(200);
        assertEquals(true, byId(id).get("enabled"));
        assertNull(byId(id).get("disabledBy"));

        // mhamilton is disabled in the demo directory: its directory's to enable
        Map<String, Object> disabled = user(task, "mhamilton");
        assertEquals("DIRECTORY", disabled.get("disabledBy"));
        json().body(Map.of("username", "mhamilton", "enabled", true))
                .put("/api/v1/users/" + disabled.get("id"))
                .then()
                .statusCode(409);
    }

    @Test
    void disableThenRemovePassesThroughBothSteps() throws Exception {
        Map<String, Object> body = demoDirectoryTask(
                unique("life"), createGroup(unique("life"), null), directory.getListenPort(), AdLikeTree.CORP);
        body.put("userExtinctionHandling", "DISABLE_THEN_REMOVE");
        body.put("removeAfterDays", 0);
        String task = createTask(body);
        assertEquals(
                0,
                json().get("/api/v1/sync-tasks/" + task)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("removeAfterDays"));
        Runs.succeeded(task);
        String id = (String) user(task, "lwisniewski").get("id");
        moveOut("lwisniewski");
        JsonPath first = Runs.succeeded(task);
        assertEquals(1, first.getInt("counts.usersDisabled"), first.prettify());
        Map<String, Object> disabled = byId(id);
        assertEquals("EXTINCTION", disabled.get("disabledBy"));
        assertNotNull(disabled.get("leftScopeAt"));
        JsonPath second = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        assertEquals(1, second.getInt("counts.usersRemoved"), second.prettify());
        json().get("/api/v1/users/" + id).then().statusCode(410);
        moveBackNow();
        JsonPath back = Runs.succeeded(task);
        assertEquals(1, back.getInt("counts.usersRestored"), back.prettify());
        Map<String, Object> restored = byId(id);
        assertEquals(true, restored.get("enabled"), "an EXTINCTION-disabled user that returns is enabled");
        assertNull(restored.get("disabledBy"));
        assertNull(restored.get("leftScopeAt"));
    }

    @Test
    void anExtinctionDisabledUserThatReturnsIsEnabled() throws Exception {
        String task = task("DISABLE");
        Runs.succeeded(task);
        String id = (String) user(task, "alovelace").get("id");
        moveOut("alovelace");
        Runs.succeeded(task);
        assertEquals("EXTINCTION", byId(id).get("disabledBy"));
        moveBackNow();
        Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        assertEquals(true, byId(id).get("enabled"));
        assertNull(byId(id).get("disabledBy"));
    }

    @Test
    void aUserMadeByHandIsRemovedThenPurgedOnRequest() {
        String id = json().body(Map.of("username", unique("hand"), "email", "someone@example.com"))
                .post("/api/v1/users")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        json().delete("/api/v1/users/" + id).then().statusCode(204);
        json().get("/api/v1/users/" + id).then().statusCode(410);
        json().delete("/api/v1/users/" + id).then().statusCode(410);
        json().queryParam("purge", true).delete("/api/v1/users/" + id).then().statusCode(204);
        // the default purge mode deletes the row
        json().get("/api/v1/users/" + id).then().statusCode(404);
    }

    @Test
    void includeRemovedIsForAdminsAndTakesOneValue() {
        json().queryParam("include", "everything").get("/api/v1/users").then().statusCode(400);
        json().queryParam("include", "removed")
                .get("/api/v1/user-groups")
                .then()
                .statusCode(200);
    }

    @Test
    void aRemovedGroupMadeByHandIsGoneAndItsNameIsFree() {
        String name = unique("hand-group");
        String id = createGroup(name, null);
        json().delete("/api/v1/user-groups/" + id).then().statusCode(204);
        json().get("/api/v1/user-groups/" + id).then().statusCode(410);
        createGroup(name, null);
    }

    @Test
    void aReturningUserWhoseNameAPersonTookMeanwhileIsACollisionNotARestore() throws Exception {
        String task = task("REMOVE");
        Runs.succeeded(task);
        Map<String, Object> synced = user(task, "ghopper");
        String login = (String) synced.get("username");
        String id = (String) synced.get("id");
        String group = (String) synced.get("groupId");
        moveOut(login);
        Runs.succeeded(task);
        json().body(Map.of("username", login, "groupId", group))
                .post("/api/v1/users")
                .then()
                .statusCode(201);
        moveBackNow();
        JsonPath back = Runs.succeeded(task);
        assertEquals(0, back.getInt("counts.usersRestored"), back.prettify());
        assertEquals(1, back.getInt("counts.collisions"), back.prettify());
        assertTrue(((String) change(back, "COLLISION").get("reason")).contains("same username"));
        json().get("/api/v1/users/" + id).then().statusCode(410);
    }

    @Test
    void aDisableByAPersonHoldsWhereTheDirectoryHadDisabledItToo() throws Exception {
        String task = task("REMOVE");
        Runs.succeeded(task);
        Map<String, Object> disabled = user(task, "mhamilton");
        json().body(Map.of("username", "mhamilton", "enabled", false))
                .put("/api/v1/users/" + disabled.get("id"))
                .then()
                .statusCode(200);
        assertEquals("ADMIN", byId((String) disabled.get("id")).get("disabledBy"));
    }

    @Test
    void aGroupThatIsAnotherTasksTargetIsKeptNotRemoved() throws Exception {
        String task = task("REMOVE");
        Runs.succeeded(task);
        String sales = SyncedStore.groupId(task, "Sales Team");
        Map<String, Object> other = demoDirectoryTask(unique("other"), sales, directory.getListenPort(), OUTSIDE);
        String otherTask = createTask(other);
        String dn = "CN=Sales Team,OU=Groups," + AdLikeTree.CORP;
        movedFrom = new DN(dn).getParentString();
        moved = move(dn, OUTSIDE);
        JsonPath run = Runs.succeeded(task);
        assertEquals(0, run.getInt("counts.groupsRemoved"), run.prettify());
        assertTrue(((String) change(run, "KEPT").get("reason")).contains("target group"), run.prettify());
        json().get("/api/v1/user-groups/" + sales).then().statusCode(200);
        json().delete("/api/v1/sync-tasks/" + otherTask).then().statusCode(204);
    }

    @Test
    void aRemovedGroupsMembersAreGoneToo() {
        String id = createGroup(unique("gone-group"), null);
        json().delete("/api/v1/user-groups/" + id).then().statusCode(204);
        json().get("/api/v1/user-groups/" + id + "/members").then().statusCode(410);
    }
}
