package io.usersync.lab;

import static io.restassured.RestAssured.given;
import static io.usersync.support.DnMatcher.sameDn;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.support.Runs;
import io.usersync.support.ScopeShrink;
import io.usersync.support.SyncedStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sync engine against a real OpenLDAP slapd from the project's directory lab. */
@QuarkusTest
class OpenLdapSyncIT extends SlapdSyncTest {
    private static Map<String, Object> body() {
        Map<String, Object> body = slapdTask("openldap", List.of(Slapd.BASE));
        body.put("deleteThreshold", Map.of("maxPercent", 50));
        body.put("userExtinctionHandling", "REMOVE");
        return body;
    }

    private static String task() {
        return createTask(body());
    }

    @Test
    void thresholdBlocksMassRemovalAndDryRunWritesNothing() {
        Map<String, Object> body = body();
        String task = createTask(body);
        Runs.succeeded(task);
        ScopeShrink.thresholdBlocksDryRunCountsAllowApplies(task, body, slapd.seed.platformDn());
    }

    @Test
    void fullSyncMirrorsOusUsersNestedGroupsAndALargeGroup() {
        String task = task();
        JsonPath run = Runs.succeeded(task);
        int users = slapd.seed.users();
        assertEquals(users, run.getInt("counts.usersCreated"));
        assertEquals(11, run.getInt("counts.groupsCreated"), "6 OUs and 5 groups");
        // each user is in one team group and in All Staff; Engineers holds Platform Team; Everyone holds two groups
        assertEquals(2 * users + 3, run.getInt("counts.membershipsAdded"));
        assertEquals(users, SyncedStore.memberCount(SyncedStore.groupId(task, "All Staff")));
        given().queryParam("q", "Lovelace 5")
                .get("/api/v1/users")
                .then()
                .body("items[0].dn", sameDn(slapd.seed.escapedUserDn()));
        JsonPath again = Runs.run(task);
        assertEquals(users, again.getInt("counts.usersUnchanged"));
        assertEquals(0, again.getInt("counts.membershipsAdded") + again.getInt("counts.membershipsRemoved"));
    }

    @Test
    void renameAndMoveKeepIdentityMembershipFollowsAndDeletionRemoves() throws Exception {
        try (LabChanges lab = LabChanges.onSlapd(slapd)) {
            String dn = lab.addUser(slapd.seed.salesDn(), "Temp Person", "temp.person");
            String task = task();
            Runs.run(task);
            String id = given().queryParam("q", "temp.person")
                    .queryParam("taskId", task)
                    .get("/api/v1/users")
                    .then()
                    .extract()
                    .path("items[0].id");

            String moved = lab.renameAndMove(dn, "Temp Renamed", slapd.seed.platformDn());
            lab.addMember("cn=Platform Team,OU=Groups," + Slapd.BASE, moved);
            JsonPath run = Runs.run(task);
            assertEquals(1, run.getInt("counts.usersUpdated"), run.prettify());
            assertEquals(1, run.getInt("counts.membershipsAdded"), run.prettify());
            given().get("/api/v1/users/" + id)
                    .then()
                    .statusCode(200)
                    .body("dn", sameDn(moved))
                    .body("groups.find { it.relation == 'HOME' }.name", equalTo("Platform"))
                    .body("groups.find { it.relation == 'MEMBER' }.name", equalTo("Platform Team"));

            lab.delete(moved);
            JsonPath removed = Runs.run(task);
            assertEquals(1, removed.getInt("counts.usersRemoved"), removed.prettify());
            given().get("/api/v1/users/" + id).then().statusCode(410);
        }
    }

    /** slapd caps this account at 500 entries: the run must fail, not take the rest for deleted. */
    @Test
    void aReadCutShortBySizeLimitDeletesNothing() {
        String task = task();
        Runs.run(task);
        int before = SyncedStore.userCount(task);
        Map<String, Object> limited =
                given().get("/api/v1/sync-tasks/" + task).then().extract().as(Map.class);
        Map<String, Object> body = readingLocalDirectory(
                taskBody((String) limited.get("name"), (String) limited.get("targetGroupId")),
                "LDAP",
                slapd.port,
                "NONE",
                Slapd.LIMITED_DN,
                Slapd.LIMITED_PASSWORD,
                List.of(Slapd.BASE));
        body.put("deleteThreshold", Map.of());
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
            DifferentialSync.assertIncrementalMatchesFull(
                    admin,
                    false,
                    Slapd.SUFFIX,
                    scope -> {
                        Map<String, Object> body = body();
                        body.put("baseDns", List.of(scope));
                        body.put("groupExtinctionHandling", "REMOVE");
                        body.put("deleteThreshold", Map.of());
                        return createTask(body);
                    },
                    5,
                    12);
        }
    }
}
