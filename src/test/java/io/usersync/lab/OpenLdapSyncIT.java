package io.usersync.lab;

import static io.restassured.RestAssured.given;
import static io.usersync.support.DnMatcher.sameDn;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.support.ApiTest;
import io.usersync.support.Runs;
import io.usersync.support.ScopeShrink;
import io.usersync.support.SyncedStore;

/** The sync engine against a real OpenLDAP slapd from the project's directory lab. */
@QuarkusTest
class OpenLdapSyncIT extends ApiTest {
    static Slapd slapd;

    @BeforeAll
    static void lab() {
        slapd = Slapd.get();
    }

    @BeforeEach
    void wipe() {
        SyncedStore.wipe();
    }

    private static String task(String login, String password) {
        return json().body(body(login, password)).post("/api/v1/sync-tasks").then().statusCode(201).extract().path("id");
    }

    private static Map<String, Object> body(String login, String password) {
        Map<String, Object> body = taskBody(unique("openldap"), createGroup(unique("LDAP"), null));
        Map<String, Object> d = directoryOf(body);
        d.put("type", "LDAP");
        d.put("host", "127.0.0.1");
        d.put("port", slapd.port);
        d.put("security", "NONE");
        d.put("login", login);
        d.put("password", password);
        body.put("baseDns", List.of(Slapd.BASE));
        body.put("deleteThreshold", Map.of("maxPercent", 50));
        body.put("userExtinctionHandling", "REMOVE");
        body.remove("schedule");
        return body;
    }

    @Test
    void thresholdBlocksMassRemovalAndDryRunWritesNothing() {
        Map<String, Object> body = body(Slapd.SYNC_DN, Slapd.SYNC_PASSWORD);
        String task = json().body(body).post("/api/v1/sync-tasks").then().statusCode(201).extract().path("id");
        assertEquals("SUCCEEDED", Runs.run(task).getString("status"));
        ScopeShrink.thresholdBlocksDryRunCountsAllowApplies(task, body, slapd.seed.platformDn());
    }

    @Test
    void fullSyncMirrorsOusUsersNestedGroupsAndALargeGroup() {
        String task = task(Slapd.SYNC_DN, Slapd.SYNC_PASSWORD);
        JsonPath run = Runs.run(task);
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        int users = slapd.seed.users();
        assertEquals(users, run.getInt("counts.usersCreated"));
        assertEquals(11, run.getInt("counts.groupsCreated"), "6 OUs and 5 groups");
        // each user is in one team group and in All Staff; Engineers holds Platform Team; Everyone holds two groups
        assertEquals(2 * users + 3, run.getInt("counts.membershipsAdded"));
        assertEquals(users, SyncedStore.memberCount(SyncedStore.groupId(task, "All Staff")));
        given().queryParam("q", "Lovelace 5").get("/api/v1/users").then()
                .body("items[0].dn", sameDn(slapd.seed.escapedUserDn()));
        JsonPath again = Runs.run(task);
        assertEquals(users, again.getInt("counts.usersUnchanged"));
        assertEquals(0, again.getInt("counts.membershipsAdded") + again.getInt("counts.membershipsRemoved"));
    }

    @Test
    void renameAndMoveKeepIdentityMembershipFollowsAndDeletionRemoves() throws Exception {
        try (LabChanges lab = LabChanges.onSlapd(slapd)) {
            String dn = lab.addUser(slapd.seed.salesDn(), "Temp Person", "temp.person");
            String task = task(Slapd.SYNC_DN, Slapd.SYNC_PASSWORD);
            Runs.run(task);
            String id = given().queryParam("q", "temp.person").queryParam("taskId", task).get("/api/v1/users").then()
                    .extract().path("items[0].id");

            String moved = lab.renameAndMove(dn, "Temp Renamed", slapd.seed.platformDn());
            lab.addMember("cn=Platform Team,OU=Groups," + Slapd.BASE, moved);
            JsonPath run = Runs.run(task);
            assertEquals(1, run.getInt("counts.usersUpdated"), run.prettify());
            assertEquals(1, run.getInt("counts.membershipsAdded"), run.prettify());
            given().get("/api/v1/users/" + id).then().statusCode(200)
                    .body("dn", sameDn(moved))
                    .body("groups.find { it.relation == 'HOME' }.name", equalTo("Platform"))
                    .body("groups.find { it.relation == 'MEMBER' }.name", equalTo("Platform Team"));

            lab.delete(moved);
            JsonPath removed = Runs.run(task);
            assertEquals(1, removed.getInt("counts.usersRemoved"), removed.prettify());
            given().get("/api/v1/users/" + id).then().statusCode(404);
        }
    }

    /** slapd caps this account at 500 entries: the run must fail, not take the rest for deleted. */
    @Test
    void aReadCutShortBySizeLimitDeletesNothing() {
        String task = task(Slapd.SYNC_DN, Slapd.SYNC_PASSWORD);
        Runs.run(task);
        int before = SyncedStore.userCount(task);
        Map<String, Object> limited = given().get("/api/v1/sync-tasks/" + task).then().extract().as(Map.class);
        Map<String, Object> body = taskBody((String) limited.get("name"), (String) limited.get("targetGroupId"));
        Map<String, Object> d = directoryOf(body);
        d.putAll(Map.of("type", "LDAP", "host", "127.0.0.1", "port", slapd.port, "security", "NONE",
                "login", Slapd.LIMITED_DN, "password", Slapd.LIMITED_PASSWORD));
        body.put("baseDns", List.of(Slapd.BASE));
        body.put("deleteThreshold", Map.of());
        body.remove("schedule");
        json().body(body).put("/api/v1/sync-tasks/" + task).then().statusCode(200);
        JsonPath cut = Runs.run(task);
        assertEquals("FAILED", cut.getString("status"), cut.prettify());
        assertEquals("INCOMPLETE_RESULT", cut.getString("failureCategory"));
        assertEquals(before, SyncedStore.userCount(task));
    }

    /** Random changes between runs: an incremental run (RFC 4533 content sync) must end where a full run ends. */
    @Test
    void incrementalRunsEndWhereFullRunsEnd() throws Exception {
        try (var admin = slapd.admin()) {
            DifferentialSync diff = new DifferentialSync(admin, false, Slapd.SUFFIX, Long.getLong("usersync.diff.seed", System.nanoTime()));
            try {
                Map<String, Object> body = body(Slapd.SYNC_DN, Slapd.SYNC_PASSWORD);
                body.put("baseDns", List.of(diff.scope));
                body.put("groupExtinctionHandling", "REMOVE");
                body.put("deleteThreshold", Map.of());
                String task = json().body(body).post("/api/v1/sync-tasks").then().statusCode(201).extract().path("id");
                diff.assertIncrementalMatchesFull(task, 5, 12);
            } finally {
                diff.cleanUp();
            }
        }
    }
}
