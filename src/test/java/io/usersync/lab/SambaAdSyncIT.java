package io.usersync.lab;

import static io.restassured.RestAssured.given;
import static io.usersync.support.DnMatcher.sameDn;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.usersync.support.Runs;
import io.usersync.support.ScopeShrink;
import io.usersync.support.SyncedStore;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** The sync engine against a real Samba AD DC over LDAPS with the lab's CA, its member ranges read in small steps. */
@QuarkusTest
@TestProfile(SmallRanges.class)
class SambaAdSyncIT extends SambaSyncTest {
    private static Map<String, Object> body(String login, String pem) {
        Map<String, Object> body = localDirectoryTask(
                "samba", "ACTIVE_DIRECTORY", 636, "LDAPS", login, SambaDc.PASSWORD, List.of(SambaDc.BASE));
        directoryOf(body).put("trustedCertificatesPem", pem);
        body.put("userExtinctionHandling", "REMOVE");
        return body;
    }

    @Test
    void ldapsFullSyncReadsEverythingThroughPagesAndRanges() {
        String task = createTask(body(SambaDc.LOGIN, dc.caPem));
        JsonPath run = Runs.succeeded(task);
        int users = dc.seed.users();
        assertEquals(users, run.getInt("counts.usersCreated"), "computers and contacts are not users");
        assertEquals(11, run.getInt("counts.groupsCreated"), "6 OUs and 5 groups");
        assertEquals(2 * users + 3, run.getInt("counts.membershipsAdded"));
        assertEquals(
                users,
                SyncedStore.memberCount(SyncedStore.groupId(task, "All Staff")),
                "a group over 1,500 members, read in ranges");
        given().queryParam("q", "u00005@")
                .get("/api/v1/users")
                .then()
                .body("items[0].dn", sameDn(dc.seed.escapedUserDn()))
                .body("items[0].sid", startsWith("S-1-5-21-"))
                .body("items[0].externalId", Matchers.matchesPattern("[0-9a-f-]{36}"));
        given().queryParam("q", "u00004@").get("/api/v1/users").then().body("items[0].enabled", equalTo(false));
        int disabled = given().queryParam("taskId", task)
                        .queryParam("size", 1000)
                        .get("/api/v1/users")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("items.findAll { !it.enabled }")
                        .size()
                + given().queryParam("taskId", task)
                        .queryParam("size", 1000)
                        .queryParam("page", 1)
                        .get("/api/v1/users")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("items.findAll { !it.enabled }")
                        .size();
        assertEquals(dc.seed.disabled(), disabled);
        given().queryParam("q", "WS-0001").get("/api/v1/users").then().body("total", equalTo(0));
        given().queryParam("q", "auditor").get("/api/v1/users").then().body("total", equalTo(0));
    }

    @Test
    void renameMoveDisableKeepTheObjectGuidIdentityAndDeletionRemoves() throws Exception {
        try (LabChanges lab = LabChanges.onSamba()) {
            String dn = lab.addUser(dc.seed.salesDn(), "Temp Person", "temp.person");
            String task = createTask(body(SambaDc.UPN, dc.caPem));
            Runs.succeeded(task);
            String id = given().queryParam("q", "temp.person")
                    .queryParam("taskId", task)
                    .get("/api/v1/users")
                    .then()
                    .body("total", equalTo(1))
                    .body("items[0].enabled", equalTo(true))
                    .extract()
                    .path("items[0].id");
            String moved = lab.renameAndMove(dn, "Temp Renamed", dc.seed.platformDn());
            lab.setDisabled(moved, true);
            JsonPath run = Runs.run(task);
            assertEquals(1, run.getInt("counts.usersUpdated"), run.prettify());
            given().get("/api/v1/users/" + id)
                    .then()
                    .body("dn", sameDn(moved))
                    .body("enabled", equalTo(false))
                    .body("groups.find { it.relation == 'HOME' }.name", equalTo("Platform"));
            lab.delete(moved);
            JsonPath removed = Runs.run(task);
            assertEquals(1, removed.getInt("counts.usersRemoved"), removed.prettify());
            given().get("/api/v1/users/" + id).then().statusCode(410);
        }
    }

    @Test
    void thresholdBlocksMassRemovalAndDryRunWritesNothing() {
        Map<String, Object> body = body(SambaDc.LOGIN, dc.caPem);
        String task = createTask(body);
        Runs.succeeded(task);
        ScopeShrink.thresholdBlocksDryRunCountsAllowApplies(task, body, dc.seed.platformDn());
    }

    /** Two tasks over the same users collide by objectSid: SKIP records them, OVERWRITE takes them over. */
    @Test
    void sidCollisionsFollowThePolicy() {
        Map<String, Object> owner = body(SambaDc.LOGIN, dc.caPem);
        owner.put("baseDns", List.of(dc.seed.platformDn()));
        String first = createTask(owner);
        JsonPath owned = Runs.run(first);
        int users = owned.getInt("counts.usersCreated");
        assertTrue(users > 0, owned.prettify());

        Map<String, Object> skipper = body(SambaDc.LOGIN, dc.caPem);
        skipper.put("baseDns", List.of(dc.seed.platformDn()));
        JsonPath skipped = Runs.run(createTask(skipper));
        assertEquals(users, skipped.getInt("counts.collisions"), skipped.prettify());
        assertEquals(0, skipped.getInt("counts.usersCreated"));
        assertEquals(users, SyncedStore.userCount(first));

        Map<String, Object> taker = body(SambaDc.LOGIN, dc.caPem);
        taker.put("baseDns", List.of(dc.seed.platformDn()));
        taker.put("collisionHandling", "OVERWRITE");
        String overwriter = createTask(taker);
        JsonPath taken = Runs.run(overwriter);
        assertEquals(users, taken.getInt("counts.collisions"), taken.prettify());
        assertEquals(users, SyncedStore.userCount(overwriter));
        assertEquals(0, SyncedStore.userCount(first));
    }

    @Test
    void untrustedCertificateAndWrongPasswordFailWithTheirCategories() {
        String untrusted = createTask(body(SambaDc.LOGIN, null));
        JsonPath tls = Runs.run(untrusted);
        assertEquals("FAILED", tls.getString("status"));
        assertEquals("TLS_UNTRUSTED_CERTIFICATE", tls.getString("failureCategory"), tls.prettify());

        Map<String, Object> wrong = body(SambaDc.LOGIN, dc.caPem);
        directoryOf(wrong).put("password", "not-the-password");
        JsonPath bad = Runs.run(createTask(wrong));
        assertEquals("INVALID_CREDENTIALS", bad.getString("failureCategory"), bad.prettify());
        assertTrue(bad.getString("failureReason").contains("52e"), bad.getString("failureReason"));
    }

    /** Random changes between runs: an incremental run (uSNChanged and tombstones) must end where a full run ends. */
    @Test
    void incrementalRunsEndWhereFullRunsEnd() throws Exception {
        try (var admin = SambaDc.admin()) {
            DifferentialSync.assertIncrementalMatchesFull(
                    admin,
                    true,
                    SambaDc.DOMAIN_BASE,
                    scope -> {
                        Map<String, Object> body = body(SambaDc.LOGIN, dc.caPem);
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
