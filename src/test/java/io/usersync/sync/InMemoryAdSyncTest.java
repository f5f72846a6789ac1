package io.usersync.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
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
import io.usersync.user.AppUser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine against UnboundID's in-memory server seeded with the AD-shaped demo tree. */
@QuarkusTest
class InMemoryAdSyncTest extends ApiTest {
    static final int USERS = 50;
    static InMemoryDirectoryServer directory;

    @BeforeAll
    static void startDirectory() throws Exception {
        directory = DemoDirectory.start(0, USERS);
    }

    /** Every test starts from a store without synced objects: tasks over one directory would collide by SID. */
    @BeforeEach
    void wipeSyncedObjects() {
        SyncedStore.wipe();
    }

    @AfterAll
    static void stopDirectory() {
        directory.shutDown(true);
    }

    private static Map<String, Object> adTask(String name, String target, String base) {
        return demoDirectoryTask(name, target, directory.getListenPort(), base);
    }

    /** A task over the Corp OU with this user extinction policy, after its first (successful) run. */
    private static String syncedTaskOverCorp(String name, String userExtinctionHandling) {
        Map<String, Object> body = adTask(name, createGroup(unique("AD"), null), AdLikeTree.CORP);
        body.put("userExtinctionHandling", userExtinctionHandling);
        String task = createTask(body);
        assertEquals("SUCCEEDED", Runs.run(task).getString("status"));
        return task;
    }

    @Test
    void fullSyncMirrorsTreeUsersAndNestedGroupsThenReRunChangesNothing() {
        String target = createGroup(unique("AD"), null);
        String task = createTask(adTask(unique("full"), target, AdLikeTree.CORP));

        JsonPath run = Runs.run(task);
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        assertEquals(USERS, run.getInt("counts.usersCreated"), "computers and contacts are not users");
        // containers Corp, 4 OUs, Platform, Groups + 4 directory groups
        assertEquals(11, run.getInt("counts.groupsCreated"));
        assertTrue(run.getInt("counts.membershipsAdded") > 0);
        assertEquals(USERS, SyncedStore.userCount(task));

        // the tree: target > Corp > Engineering > Platform
        String corp = given().get("/api/v1/user-groups/" + target + "/children")
                .then()
                .statusCode(200)
                .body("items.name", equalTo(List.of("Corp")))
                .extract()
                .path("items[0].id");
        given().get("/api/v1/user-groups/" + corp + "/children")
                .then()
                .body("items.name", hasItems("Sales", "Engineering", "Finance", "Support", "Groups"));

        // the escaped DN, non-ASCII names and the disabled account come through
        given().queryParam("q", "lovelace")
                .get("/api/v1/users")
                .then()
                .statusCode(200)
                .body(
                        "items[0].dn",
                        equalTo("CN=Lovelace\\, Ada,OU=Platform,OU=Engineering,OU=Corp,DC=corp,DC=example,DC=com"))
                .body("items[0].sid", Matchers.startsWith(AdLikeTree.DOMAIN_SID + "-"));
        given().queryParam("q", "Müller")
                .get("/api/v1/users")
                .then()
                .body("items[0].displayName", equalTo("Zoë Müller"));
        given().queryParam("q", "hamilton").get("/api/v1/users").then().body("items[0].enabled", equalTo(false));
        given().queryParam("q", "WS-0001").get("/api/v1/users").then().body("total", equalTo(0));

        // nested groups: Engineers has Platform Team as a member group; members of Platform Team are users
        String engineers = given().queryParam("name", "Engineers")
                .get("/api/v1/user-groups")
                .then()
                .extract()
                .path("items.find { it.taskId == '" + task + "' }.id");
        String userId = given().queryParam("q", "Müller")
                .get("/api/v1/users")
                .then()
                .extract()
                .path("items[0].id");
        given().get("/api/v1/users/" + userId).then().body("groups.relation", hasItems("HOME"));
        given().get("/api/v1/user-groups/" + engineers + "/members")
                .then()
                .statusCode(200)
                .body("total", Matchers.greaterThan(0));

        JsonPath again = Runs.run(task);
        assertEquals("SUCCEEDED", again.getString("status"));
        assertEquals(USERS, again.getInt("counts.usersUnchanged"));
        assertEquals(0, again.getInt("counts.usersUpdated") + again.getInt("counts.usersCreated"));
        assertEquals(0, again.getInt("counts.groupsUpdated") + again.getInt("counts.groupsCreated"));
        assertEquals(0, again.getInt("counts.membershipsAdded") + again.getInt("counts.membershipsRemoved"));
        given().get("/api/v1/runs/" + again.getString("id") + "/changes").then().body("total", equalTo(0));
    }

    @Test
    void baseDnsOneInsideAnotherStageTheirGroupsTwiceAndCountEachMembershipOnce() {
        JsonPath single =
                Runs.run(createTask(adTask(unique("once"), createGroup(unique("AD"), null), AdLikeTree.CORP)));
        wipeSyncedObjects();
        Map<String, Object> body = adTask(unique("twice"), createGroup(unique("AD"), null), AdLikeTree.CORP);
        // the groups' OU is also read on its own: its groups and their member values are staged twice
        body.put("baseDns", List.of(AdLikeTree.CORP, "OU=Groups," + AdLikeTree.CORP));
        JsonPath twice = Runs.run(createTask(body));
        assertEquals("SUCCEEDED", twice.getString("status"), twice.prettify());
        assertEquals(single.getInt("counts.membershipsAdded"), twice.getInt("counts.membershipsAdded"));
        assertEquals(single.getInt("counts.usersCreated"), twice.getInt("counts.usersCreated"));
    }

    @Test
    void aSelectedGroupAndTheOuItsMembersSitInStageThemTwiceAndSyncEachOnce() {
        String engineering = "OU=Engineering," + AdLikeTree.CORP;
        String engineers = "CN=Engineers,OU=Groups," + AdLikeTree.CORP;
        JsonPath ou = Runs.run(createTask(adTask(unique("ou"), createGroup(unique("AD"), null), engineering)));
        wipeSyncedObjects();
        JsonPath group = Runs.run(createTask(adTask(unique("group"), createGroup(unique("AD"), null), engineers)));
        wipeSyncedObjects();
        Map<String, Object> body = adTask(unique("both"), createGroup(unique("AD"), null), engineering);
        // every member of Engineers (Platform Team's, transitively, too) sits below OU=Engineering: read twice
        body.put("baseDns", List.of(engineers, engineering));
        String task = createTask(body);
        JsonPath both = Runs.run(task);
        assertEquals("SUCCEEDED", both.getString("status"), both.prettify());
        assertTrue(group.getInt("counts.usersCreated") > 0, group.prettify());
        assertEquals(ou.getInt("counts.usersCreated"), both.getInt("counts.usersCreated"));
        assertEquals(ou.getInt("counts.usersCreated"), SyncedStore.userCount(task));
        assertEquals(group.getInt("counts.membershipsAdded"), both.getInt("counts.membershipsAdded"));
    }

    @Test
    void aFullRunGivesObjectsSyncedWithoutANormalisedDnTheirs() {
        String task = syncedTaskOverCorp(unique("backfill"), "REMOVE");
        String normalised = normalisedDns(task);
        // as rows synced before V7 stored normalised DNs look
        int stripped = QuarkusTransaction.requiringNew()
                .call(() -> AppUser.getEntityManager()
                                .createNativeQuery(
                                        "update app_user set dn_norm = null where task_id = cast(?1 as uuid)")
                                .setParameter(1, task)
                                .executeUpdate()
                        + AppUser.getEntityManager()
                                .createNativeQuery(
                                        "update user_group set dn_norm = null where task_id = cast(?1 as uuid)")
                                .setParameter(1, task)
                                .executeUpdate());
        assertTrue(stripped > 0);
        assertEquals("SUCCEEDED", Runs.run(task).getString("status"));
        assertEquals(normalised, normalisedDns(task));
    }

    /** The task's objects' normalised DNs, in one text (null when one has none). */
    private static String normalisedDns(String task) {
        return QuarkusTransaction.requiringNew().call(() -> (String) AppUser.getEntityManager()
                .createNativeQuery("""
                select case when bool_and(dn_norm is not null) then string_agg(id::text || '=' || dn_norm, ',' order by id) end
                from (select id, dn_norm from app_user where task_id = cast(?1 as uuid)
                      union all select id, dn_norm from user_group where task_id = cast(?1 as uuid)) x""")
                .setParameter(1, task)
                .getSingleResult());
    }

    @Test
    void renameAndMoveKeepIdentityAndDeletionFollowsPolicy() throws Exception {
        String task = syncedTaskOverCorp(unique("moves"), "REMOVE");
        String turingId = given().queryParam("q", "aturing@")
                .queryParam("taskId", task)
                .get("/api/v1/users")
                .then()
                .body("total", equalTo(1))
                .extract()
                .path("items[0].id");

        String oldDn = given().get("/api/v1/users/" + turingId).then().extract().path("dn");
        String renamed = "CN=Alan M Turing,OU=Support,OU=Corp," + AdLikeTree.BASE;
        try {
            directory.modifyDN(oldDn, "CN=Alan M Turing", true, "OU=Support,OU=Corp," + AdLikeTree.BASE);
            JsonPath run = Runs.run(task);
            assertEquals(1, run.getInt("counts.usersUpdated"), run.prettify());
            given().get("/api/v1/users/" + turingId)
                    .then()
                    .statusCode(200)
                    .body("dn", equalTo(renamed))
                    .body("groups.find { it.relation == 'HOME' }.name", equalTo("Support"));
            given().queryParam("action", "UPDATED")
                    .get("/api/v1/runs/" + run.getString("id") + "/changes")
                    .then()
                    .body("items[0].changedFields", hasItems("dn", "groupId"));

            directory.delete(renamed);
            JsonPath removal = Runs.run(task);
            assertEquals(1, removal.getInt("counts.usersRemoved"), removal.prettify());
            given().get("/api/v1/users/" + turingId).then().statusCode(410);
        } finally {
            restoreDirectory();
        }
    }

    /** A server without USNs or content sync: incremental runs read entries by modifyTimestamp. */
    @Test
    void incrementalRunReadsWhatChangedByModifyTimestamp() throws Exception {
        String target = createGroup(unique("AD"), null);
        String task = createTask(adTask(unique("incremental"), target, AdLikeTree.CORP));
        JsonPath first = Runs.run(task, Map.of("mode", "INCREMENTAL"));
        assertEquals("SUCCEEDED", first.getString("status"), first.prettify());
        assertEquals("INCREMENTAL", first.getString("mode"));
        assertEquals("FULL", first.getString("executedMode"));
        assertTrue(first.getString("modeReason").startsWith("no watermark"), first.prettify());
        try {
            List<String> dns = given().queryParam("taskId", task)
                    .queryParam("size", 3)
                    .get("/api/v1/users")
                    .then()
                    .extract()
                    .path("items.dn");
            directory.modify(dns.get(0), new Modification(ModificationType.REPLACE, "title", "Chief Incrementalist"));
            String elsewhere =
                    (dns.get(1).contains("OU=Support,") ? "OU=Finance" : "OU=Support") + ",OU=Corp," + AdLikeTree.BASE;
            directory.modifyDN(dns.get(1), dns.get(1).substring(0, dns.get(1).indexOf(',')), true, elsewhere);
            // Everyone holds groups only: a user added to it is a new membership whoever it is
            directory.modify(
                    "CN=Everyone,OU=Groups,OU=Corp," + AdLikeTree.BASE,
                    new Modification(ModificationType.ADD, "member", dns.get(2)));

            JsonPath inc = Runs.run(task, Map.of("mode", "INCREMENTAL"));
            assertEquals("SUCCEEDED", inc.getString("status"), inc.prettify());
            assertEquals("INCREMENTAL", inc.getString("executedMode"), inc.prettify());
            assertEquals(2, inc.getInt("counts.usersUpdated"), inc.prettify());
            assertEquals(1, inc.getInt("counts.membershipsAdded"), inc.prettify());
            // what shares the newest timestamp's second of the previous read is read again, and the earlier tests of
            // this class restore the whole tree within a second: only a full read would see every user unchanged
            assertTrue(inc.getInt("counts.usersUnchanged") < USERS, "read only what changed: " + inc.prettify());

            JsonPath full = Runs.run(task, Map.of("mode", "FULL"));
            assertEquals("FULL", full.getString("executedMode"));
            assertEquals(
                    0,
                    full.getInt("counts.usersUpdated")
                            + full.getInt("counts.usersCreated")
                            + full.getInt("counts.membershipsAdded")
                            + full.getInt("counts.membershipsRemoved")
                            + full.getInt("counts.groupsUpdated"),
                    full.prettify());
        } finally {
            restoreDirectory();
        }
    }

    @Test
    void anUnknownRunModeIsA400NamingIt() {
        String task = createTask(adTask(unique("mode"), createGroup(unique("AD"), null), AdLikeTree.CORP));
        json().body(Map.of("mode", "SIDEWAYS"))
                .post("/api/v1/sync-tasks/" + task + "/runs")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(Matchers.containsString("mode"));
    }

    @Test
    void disablePolicyDisablesAndThresholdBlocksMassRemoval() throws Exception {
        String target = createGroup(unique("AD"), null);
        Map<String, Object> body = adTask(unique("threshold"), target, AdLikeTree.CORP);
        body.put("userExtinctionHandling", "DISABLE");
        body.put("deleteThreshold", Map.of("maxCount", 5, "maxPercent", 50));
        String task = createTask(body);
        assertEquals("SUCCEEDED", Runs.run(task).getString("status"));
        try {
            // the whole Sales OU disappears: more than 5 users
            for (var e : directory
                    .search("OU=Sales,OU=Corp," + AdLikeTree.BASE, SearchScope.ONE, "(objectClass=user)")
                    .getSearchEntries()) {
                directory.delete(e.getDN());
            }
            JsonPath blocked = Runs.run(task);
            assertEquals("BLOCKED_BY_THRESHOLD", blocked.getString("status"), blocked.prettify());
            assertTrue(blocked.getInt("wouldRemove") > 5);
            assertTrue(blocked.getString("failureReason").contains("maxCount"));
            given().queryParam("taskId", task)
                    .queryParam("q", "jnovak@")
                    .get("/api/v1/users")
                    .then()
                    .body("items[0].enabled", equalTo(true));

            JsonPath allowed = Runs.run(task, Map.of("allowMassDelete", true));
            assertEquals("SUCCEEDED", allowed.getString("status"));
            assertEquals(blocked.getInt("wouldRemove"), allowed.getInt("counts.usersDisabled"));
            given().queryParam("taskId", task)
                    .queryParam("q", "jnovak@")
                    .get("/api/v1/users")
                    .then()
                    .body("items[0].enabled", equalTo(false));
        } finally {
            restoreDirectory();
        }
    }

    /** SKIP keeps a gone user as it was; when it comes back, the run writes it again rather than taking it for unchanged. */
    @Test
    void skipPolicyKeepsGoneUsersAndRewritesThemWhenTheyReturn() throws Exception {
        String task = syncedTaskOverCorp(unique("keep"), "SKIP");
        try {
            String id = given().queryParam("taskId", task)
                    .queryParam("q", "jnovak@")
                    .get("/api/v1/users")
                    .then()
                    .body("total", equalTo(1))
                    .extract()
                    .path("items[0].id");
            String dn = given().get("/api/v1/users/" + id).then().extract().path("dn");
            var entry = directory.getEntry(dn);
            directory.delete(dn);

            JsonPath kept = Runs.run(task);
            assertEquals(1, kept.getInt("counts.usersSkipped"), kept.prettify());
            assertEquals(0, kept.getInt("counts.usersRemoved") + kept.getInt("counts.usersDisabled"));
            given().queryParam("action", "KEPT")
                    .get("/api/v1/runs/" + kept.getString("id") + "/changes")
                    .then()
                    .body("items.dn", equalTo(List.of(dn)));
            given().get("/api/v1/users/" + id).then().statusCode(200).body("enabled", equalTo(true));

            directory.addEntries(entry);
            JsonPath back = Runs.run(task);
            assertEquals(1, back.getInt("counts.usersUpdated"), back.prettify());
            assertEquals(0, back.getInt("counts.usersCreated") + back.getInt("counts.usersSkipped"), back.prettify());
            given().get("/api/v1/users/" + id).then().statusCode(200).body("dn", equalTo(dn));
            assertEquals(0, Runs.run(task).getInt("counts.usersUpdated"), "back to unchanged after that");
        } finally {
            restoreDirectory();
        }
    }

    @Test
    void dryRunRecordsChangesAndWritesNothing() {
        String target = createGroup(unique("AD"), null);
        String task = createTask(adTask(unique("dry"), target, AdLikeTree.CORP));
        JsonPath dry = Runs.run(task, Map.of("dryRun", true));
        assertEquals("SUCCEEDED", dry.getString("status"));
        assertEquals(true, dry.getBoolean("dryRun"));
        assertEquals(USERS, dry.getInt("counts.usersCreated"));
        assertEquals(0, SyncedStore.userCount(task));
        given().get("/api/v1/user-groups/" + target + "/children").then().body("total", equalTo(0));
        given().queryParam("objectType", "USER")
                .get("/api/v1/runs/" + dry.getString("id") + "/changes")
                .then()
                .body("total", equalTo(USERS))
                .body("items.action", not(hasItem("UPDATED")));
    }

    @Test
    void collisionsFollowThePolicyAndCustomAttributesSurviveOverwrite() {
        String t1 = createGroup(unique("AD"), null);
        String first = createTask(adTask(unique("owner"), t1, "OU=Finance,OU=Corp," + AdLikeTree.BASE));
        assertEquals("SUCCEEDED", Runs.run(first).getString("status"));
        String owned = given().queryParam("taskId", first)
                .queryParam("size", 1)
                .get("/api/v1/users")
                .then()
                .extract()
                .path("items[0].id");
        JsonPath ownedUser =
                given().get("/api/v1/users/" + owned).then().extract().jsonPath();
        Map<String, Object> update = new HashMap<>();
        update.put("username", ownedUser.getString("username"));
        update.put("customAttributes", Map.of("badge", "B-42"));
        json().body(update)
                .put("/api/v1/users/" + owned)
                .then()
                .statusCode(200)
                .body("customAttributes.badge", equalTo("B-42"));
        update.put("email", "changed@example.com");
        json().body(update)
                .put("/api/v1/users/" + owned)
                .then()
                .statusCode(409)
                .body("detail", Matchers.containsString(first));

        // a second task over the same users: same SIDs
        Map<String, Object> skipBody =
                adTask(unique("skipper"), createGroup(unique("AD"), null), "OU=Finance,OU=Corp," + AdLikeTree.BASE);
        String skipper = createTask(skipBody);
        JsonPath skipped = Runs.run(skipper);
        assertTrue(skipped.getInt("counts.collisions") > 0, skipped.prettify());
        assertEquals(0, skipped.getInt("counts.usersCreated"));
        given().queryParam("action", "COLLISION")
                .get("/api/v1/runs/" + skipped.getString("id") + "/changes")
                .then()
                .body("items[0].reason", Matchers.containsString("same SID"));

        Map<String, Object> overBody =
                adTask(unique("overwriter"), createGroup(unique("AD"), null), "OU=Finance,OU=Corp," + AdLikeTree.BASE);
        overBody.put("collisionHandling", "OVERWRITE");
        String over = createTask(overBody);
        JsonPath taken = Runs.run(over);
        assertEquals(skipped.getInt("counts.collisions"), taken.getInt("counts.collisions"));
        given().get("/api/v1/users/" + owned)
                .then()
                .body("taskId", equalTo(over))
                .body("customAttributes.badge", equalTo("B-42"));
    }

    @Test
    void failuresChangeNothingAndSayWhy() {
        String target = createGroup(unique("AD"), null);
        Map<String, Object> body = adTask(unique("fail"), target, AdLikeTree.CORP);
        String task = createTask(body);
        assertEquals("SUCCEEDED", Runs.run(task).getString("status"));
        int before = SyncedStore.userCount(task);

        Map<String, Object> wrong = adTask(body.get("name").toString(), target, AdLikeTree.CORP);
        directoryOf(wrong).put("password", "wrong");
        json().body(wrong).put("/api/v1/sync-tasks/" + task).then().statusCode(200);
        JsonPath bad = Runs.run(task);
        assertEquals("FAILED", bad.getString("status"));
        assertEquals("INVALID_CREDENTIALS", bad.getString("failureCategory"));

        Map<String, Object> missing = adTask(body.get("name").toString(), target, "OU=Gone,OU=Corp," + AdLikeTree.BASE);
        json().body(missing).put("/api/v1/sync-tasks/" + task).then().statusCode(200);
        JsonPath gone = Runs.run(task);
        assertEquals("FAILED", gone.getString("status"));
        assertEquals("NO_SUCH_OBJECT", gone.getString("failureCategory"));

        Map<String, Object> refused = adTask(body.get("name").toString(), target, AdLikeTree.CORP);
        directoryOf(refused).put("port", 1);
        json().body(refused).put("/api/v1/sync-tasks/" + task).then().statusCode(200);
        assertEquals("CONNECTION_REFUSED", Runs.run(task).getString("failureCategory"));
        assertEquals(before, SyncedStore.userCount(task));
    }

    /** A stored password the current key cannot decrypt (the key was changed) fails the run at once, with the reason. */
    @Test
    void unreadableStoredPasswordFailsTheRunWithItsReason() {
        String task = createTask(adTask(unique("badkey"), createGroup(unique("AD"), null), AdLikeTree.CORP));
        QuarkusTransaction.requiringNew()
                .run(() -> AppUser.getEntityManager()
                        .createNativeQuery(
                                "update sync_task set password_ciphertext = decode('01' || repeat('00', 12) || repeat('ab', 24), 'hex') where id = ?1")
                        .setParameter(1, UUID.fromString(task))
                        .executeUpdate());
        JsonPath run = Runs.run(task);
        assertEquals("FAILED", run.getString("status"), run.prettify());
        assertEquals("TASK_UNREADABLE", run.getString("failureCategory"));
        assertTrue(run.getString("failureReason").contains("USERSYNC_SECRET_KEY"), run.getString("failureReason"));
    }

    /** The busy-task 409 and cancellation of queued and running runs are in RunOrchestrationTest. */
    @Test
    void historyListsRunsAndAnEndedRunCannotBeCancelled() {
        String target = createGroup(unique("AD"), null);
        String task = createTask(adTask(unique("history"), target, AdLikeTree.CORP));
        String first = Runs.run(task).getString("id");
        json().post("/api/v1/runs/" + first + "/cancel").then().statusCode(409);
        given().get("/api/v1/sync-tasks/" + task + "/runs")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(first));
    }

    private static void restoreDirectory() throws Exception {
        directory.clear();
        directory.addEntries(AdLikeTree.build(USERS));
        assertTrue(directory.countEntries() > USERS);
    }

    @SuppressWarnings("unused")
    private static Modification replace(String attr, String value) {
        return new Modification(ModificationType.REPLACE, attr, value);
    }
}
