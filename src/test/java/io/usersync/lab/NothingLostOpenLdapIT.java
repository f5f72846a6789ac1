package io.usersync.lab;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestControl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.support.LdapGate;
import io.usersync.support.NextSecond;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A run that read something incomplete or wrong removes, disables and un-links nothing: each way a
 * read can be wrong, made to happen on a real slapd (a gate in front of it holds a request while the
 * test changes the directory, or refuses a capability).
 */
@QuarkusTest
class NothingLostOpenLdapIT extends SlapdSyncTest {
    @Inject
    DataSource dataSource;

    /** A task that removes what is gone, with a threshold that lets these small trees' removals through. */
    private static Map<String, Object> body(int port, List<String> baseDns, String login, String password) {
        Map<String, Object> body = slapdTask("nothing-lost", port, login, password, baseDns);
        body.put("userExtinctionHandling", "REMOVE");
        body.put("deleteThreshold", Map.of("maxCount", 500, "maxPercent", 100));
        return body;
    }

    private static Map<String, Object> body(int port, List<String> baseDns) {
        return body(port, baseDns, Slapd.SYNC_DN, Slapd.SYNC_PASSWORD);
    }

    /** The task's next run fails as an incomplete read, for a reason that names {@code why}. */
    private static void assertFailsAsIncomplete(String task, String why) {
        JsonPath run = Runs.run(task);
        assertEquals("FAILED", run.getString("status"), run.prettify());
        assertEquals("INCOMPLETE_RESULT", run.getString("failureCategory"));
        assertTrue(run.getString("failureReason").contains(why), run.getString("failureReason"));
    }

    private static JsonPath user(String task, String username) {
        return given().queryParam("taskId", task)
                .queryParam("q", username)
                .get("/api/v1/users")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .extract()
                .jsonPath()
                .setRootPath("items[0]");
    }

    private static int changes(String runId, String action) {
        return given().queryParam("action", action)
                .get("/api/v1/runs/" + runId + "/changes")
                .then()
                .statusCode(200)
                .extract()
                .path("total");
    }

    private static List<Map<String, Object>> changeList(String runId, String action) {
        return given().queryParam("action", action)
                .queryParam("size", 100)
                .get("/api/v1/runs/" + runId + "/changes")
                .then()
                .statusCode(200)
                .extract()
                .path("items");
    }

    /** A bind account and its password. */
    private record Account(String dn, String password) {}

    /** An account of the tree's own that slapd denies {@code what} (its ACL syntax, e.g. {@code attrs=member}). */
    private static Account accountDenied(LabTree t, String name, String what) throws LDAPException {
        String password = name + "-pass";
        Account account =
                new Account(slapd.account(name + "-" + t.root.substring(3, t.root.indexOf(',')), password), password);
        slapd.deny(account.dn(), what);
        return account;
    }

    /** From now on the task binds as this account; the rest of the body stays. */
    private static void readAs(String task, Map<String, Object> body, Account account) {
        Map<String, Object> b = new HashMap<>(body);
        Map<String, Object> d = new HashMap<>(directoryOf(body));
        d.put("login", account.dn());
        d.put("password", account.password());
        b.put("directory", d);
        json().body(b).put("/api/v1/sync-tasks/" + task).then().statusCode(200);
    }

    @Test
    void anEntryThatCannotBeMappedUnlinksNothing() throws Exception {
        LabTree t = LabTree.on(slapd, "errors");
        String people = t.childOu("people");
        String alice = t.user(people, "alice");
        String bob = t.user(people, "bob");
        t.group(t.root, "staff", List.of(alice, bob));
        String task = createTask(body(slapd.port, List.of(t.root)));
        assertEquals(2, Runs.succeeded(task).getInt("counts.membershipsAdded"));
        String staff = SyncedStore.groupId(task, "staff");

        t.removeAttribute(bob, "uid");
        JsonPath run = Runs.succeeded(task);
        assertEquals(1, run.getInt("counts.errors"));
        assertEquals(0, run.getInt("counts.membershipsRemoved"), run.prettify());
        assertEquals(0, run.getInt("counts.usersRemoved"));
        assertTrue(run.getString("failureReason").contains("un-linked"), run.getString("failureReason"));
        assertEquals(1, changes(run.getString("id"), "ERROR"));
        assertEquals(2, SyncedStore.memberCount(staff), "staff keeps bob");
        assertEquals(2, SyncedStore.userCount(task));
    }

    @Test
    void aUserMovedIntoABaseDnAlreadyReadIsKeptWithItsId() throws Exception {
        LabTree t = LabTree.on(slapd, "moves");
        String first = t.childOu("first");
        List<String> firstUsers = t.users(first, "f", 20);
        for (int g = 0; g < 5; g++) {
            t.group(first, "team" + g, firstUsers.subList(g * 4, g * 4 + 4));
        }
        String second = t.childOu("second");
        String bob = t.user(second, "bob");
        // an account that sees the selected DNs but not the suffix above them, as least privilege gives
        Account account = accountDenied(t, "mover", "dn.base=\"" + Slapd.SUFFIX + "\"");
        try (LdapGate gate = new LdapGate("127.0.0.1", slapd.port)) {
            String task = createTask(body(gate.port(), List.of(first, second), account.dn(), account.password()));
            Runs.succeeded(task);
            String bobId = user(task, "bob").getString("id");

            // the run has read the first base DN when it asks for the second: bob moves into the first meanwhile
            LdapGate.Hold hold = gate.holdNext(LdapGate.searchBelow(second));
            String runId = Runs.trigger(task, Map.of());
            assertTrue(hold.awaitHeld(Duration.ofSeconds(30)), "the run never reached the second base DN");
            String moved = t.move(bob, first);
            hold.release();
            JsonPath run = Runs.awaitEnd(runId);
            assertEquals("WARNING", run.getString("status"), run.prettify());
            assertEquals(0, run.getInt("counts.usersRemoved"));
            assertTrue(run.getString("failureReason").contains("KEPT_ON_VERIFY"), run.getString("failureReason"));
            List<Map<String, Object>> kept = changeList(runId, "KEPT_ON_VERIFY");
            assertEquals(1, kept.size());
            assertTrue(((String) kept.get(0).get("reason")).contains(first), kept.toString());
            given().get("/api/v1/users/" + bobId).then().statusCode(200);

            Runs.succeeded(task);
            assertEquals(bobId, user(task, "bob").getString("id"), "bob keeps his id");
            given().get("/api/v1/users/" + bobId).then().body("dn", equalTo(moved));
        }
    }

    @Test
    void aSubtreeTurnedIntoAReferralRemovesNobody() throws Exception {
        LabTree t = LabTree.on(slapd, "referral");
        String sales = t.childOu("sales");
        List<String> salesUsers = t.users(sales, "s", 3);
        t.childOuWithUsers("other", "o", 2);
        String task = createTask(body(slapd.port, List.of(t.root)));
        Runs.succeeded(task);
        assertEquals(5, SyncedStore.userCount(task));

        t.replaceByReferral(sales, salesUsers, "ldap://elsewhere.invalid/" + sales);
        JsonPath run = Runs.run(task);
        assertEquals("WARNING", run.getString("status"), run.prettify());
        assertEquals(0, run.getInt("counts.usersRemoved"));
        assertEquals(0, run.getInt("counts.groupsRemoved"));
        assertEquals(5, SyncedStore.userCount(task));
        List<Map<String, Object>> kept = changeList(run.getString("id"), "KEPT");
        assertEquals(4, kept.size(), "three users and their OU: " + kept);
        assertTrue(((String) kept.get(0).get("reason")).contains("ldap://elsewhere.invalid/"), kept.toString());
    }

    @Test
    void aReferralWhoseUrlNamesAnotherTreeKeepsItsOwnSubtree() throws Exception {
        LabTree t = LabTree.on(slapd, "referral-elsewhere");
        String sales = t.childOu("sales");
        List<String> salesUsers = t.users(sales, "s", 2);
        t.users(t.childOu("other"), "o", 2);
        String task = createTask(body(slapd.port, List.of(t.root)));
        Runs.succeeded(task);
        t.replaceByReferral(sales, salesUsers, "ldap://elsewhere.invalid/ou=sales,dc=elsewhere,dc=invalid");
        JsonPath run = Runs.run(task);
        assertEquals("WARNING", run.getString("status"), run.prettify());
        assertEquals(0, run.getInt("counts.usersRemoved"), run.prettify());
        assertEquals(4, SyncedStore.userCount(task));
        List<Map<String, Object>> kept = changeList(run.getString("id"), "KEPT");
        assertEquals(3, kept.size(), "two users and their OU, placed by the referral entry itself: " + kept);
        assertTrue(kept.get(0).get("reason").toString().contains("ldap://elsewhere.invalid/"), kept.toString());
    }

    @Test
    void aModifyTimestampWatermarkIsThePositionBeforeTheRead() throws Exception {
        LabTree t = LabTree.on(slapd, "timestamps");
        String people = t.childOu("people");
        String alice = t.user(people, "alice");
        String bob = t.user(people, "bob");
        String staff = t.group(t.root, "staff", List.of(alice, bob));
        try (LdapGate gate = new LdapGate("127.0.0.1", slapd.port)) {
            // without content sync the service falls back to modifyTimestamp
            gate.refuseControl(ContentSyncRequestControl.SYNC_REQUEST_OID);
            String task = createTask(body(gate.port(), List.of(t.root)));
            Runs.succeeded(task);

            // while the full run reads, a user it read already changes, then a group it reads later
            LdapGate.Hold groups = gate.holdNext(LdapGate.subtreeSearchFor("groupOfNames"));
            String runId = Runs.trigger(task, Map.of());
            assertTrue(groups.awaitHeld(Duration.ofSeconds(30)));
            t.modify(alice, "mail", "alice.new@example.test");
            // modifyTimestamp has whole seconds: the group's change must be newer
            NextSecond.await();
            t.modify(staff, "description", "changed while the run read");
            groups.release();
            assertEquals("SUCCEEDED", Runs.awaitEnd(runId).getString("status"));

            JsonPath incremental = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
            assertEquals("INCREMENTAL", incremental.getString("executedMode"), incremental.prettify());
            assertEquals("alice.new@example.test", user(task, "alice").getString("email"));
        }
    }

    @Test
    void anAccountThatMayNotReadMembersIsBlockedByTheThreshold() throws Exception {
        LabTree t = LabTree.on(slapd, "members");
        List<String> users = t.users(t.childOu("people"), "m", 10);
        t.group(t.root, "one", users);
        t.group(t.root, "two", users);
        Account account = accountDenied(t, "nomember", "dn.subtree=\"" + t.root + "\" attrs=member");
        Map<String, Object> body = body(slapd.port, List.of(t.root));
        body.remove("deleteThreshold");
        String task = createTask(body);
        assertEquals(20, Runs.succeeded(task).getInt("counts.membershipsAdded"));

        readAs(task, body, account);
        JsonPath run = Runs.run(task);
        assertEquals("BLOCKED_BY_THRESHOLD", run.getString("status"), run.prettify());
        assertTrue(run.getString("failureReason").contains("memberships"), run.getString("failureReason"));
        assertEquals(20, run.getInt("counts.membershipsRemoved"));
        assertEquals(2, changes(run.getString("id"), "WARNING"), "both groups read empty");
        assertEquals(10, SyncedStore.memberCount(SyncedStore.groupId(task, "one")));
        assertEquals(10, SyncedStore.memberCount(SyncedStore.groupId(task, "two")));
    }

    @Test
    void anIncrementalRunAppliesTheScopeRulesInsideANewSubtree() throws Exception {
        LabTree t = LabTree.on(slapd, "reread");
        String people = t.childOu("people");
        String alice = t.user(people, "alice");
        t.user(people, "bob");
        Map<String, Object> body = body(slapd.port, List.of(t.root));
        String hidden = "ou=hidden,ou=new," + t.root;
        body.put("excludedDns", List.of(hidden));
        body.put("userExtinctionHandling", "DISABLE");
        String task = createTask(body);
        Runs.succeeded(task);

        // a new OU (read again as a whole) with an excluded OU inside, and alice moved into that
        t.ou(hidden.substring(hidden.indexOf(',') + 1));
        t.ou(hidden);
        t.move(alice, hidden);
        JsonPath run = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        assertEquals("INCREMENTAL", run.getString("executedMode"), run.prettify());
        assertEquals(1, run.getInt("counts.usersDisabled"), run.prettify());
        assertEquals(false, user(task, "alice").getBoolean("enabled"));
    }

    @Test
    void aCancelAfterTheReadAppliesNothing() throws Exception {
        LabTree t = LabTree.on(slapd, "cancel");
        String people = t.childOu("people");
        t.user(people, "alice");
        String bob = t.user(people, "bob");
        try (LdapGate gate = new LdapGate("127.0.0.1", slapd.port)) {
            String task = createTask(body(gate.port(), List.of(t.root)));
            Runs.succeeded(task);
            t.delete(bob);

            // the run has read everything and looks bob up before removing him: the cancel comes now
            LdapGate.Hold lookup = gate.holdNext(LdapGate.searchFilterMentions("entryUUID="));
            String runId = Runs.trigger(task, Map.of());
            assertTrue(lookup.awaitHeld(Duration.ofSeconds(30)), "the run never looked bob up");
            given().post("/api/v1/runs/" + runId + "/cancel").then().statusCode(200);
            lookup.release();
            JsonPath run = Runs.awaitEnd(runId);
            assertEquals("CANCELLED", run.getString("status"), run.prettify());
            assertEquals(2, SyncedStore.userCount(task), "nothing applied");
        }
    }

    @Test
    void twoTasksNeverApplyAtTheSameTime() throws Exception {
        LabTree a = LabTree.on(slapd, "serial-a");
        a.users(a.childOu("people"), "a", 3);
        LabTree b = LabTree.on(slapd, "serial-b");
        String others = b.childOu("people");
        b.user(others, "carol");
        Map<String, Object> bodyA = body(slapd.port, List.of(a.root));
        String targetA = (String) bodyA.get("targetGroupId");
        String taskA = createTask(bodyA);
        String taskB = createTask(body(slapd.port, List.of(b.root)));
        Runs.succeeded(taskB);
        b.user(others, "dave");

        // A's apply waits on a row the test holds (the groups it creates go below its target group)
        try (Connection hold = lockGroupRow(targetA)) {
            String runA = Runs.trigger(taskA, Map.of());
            awaitPhase(runA, "APPLYING");
            // B reads and plans, then waits for A's apply to end before its own
            String runB = Runs.trigger(taskB, Map.of());
            awaitPhase(runB, "PLANNING");
            Thread.sleep(300);
            JsonPath waiting =
                    given().get("/api/v1/runs/" + runB).then().extract().jsonPath();
            assertEquals("RUNNING", waiting.getString("status"), waiting.prettify());
            assertEquals("PLANNING", waiting.getString("phase"));
            hold.commit();
            assertEquals(3, Runs.awaitEnd(runA).getInt("counts.usersCreated"));
            assertEquals(1, Runs.awaitEnd(runB).getInt("counts.usersCreated"));
        }
    }

    /** Locks the group's row until the returned connection commits: an apply that inserts groups below it waits till then. */
    private Connection lockGroupRow(String groupId) throws SQLException {
        Connection hold = dataSource.getConnection();
        try {
            hold.setAutoCommit(false);
            try (PreparedStatement s =
                    hold.prepareStatement("select 1 from user_group where id = ?::uuid for update")) {
                s.setString(1, groupId);
                s.executeQuery().close();
            }
            return hold;
        } catch (SQLException e) {
            hold.close();
            throw e;
        }
    }

    private static void awaitPhase(String runId, String phase) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (phase.equals(
                    given().get("/api/v1/runs/" + runId).then().extract().path("phase"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + runId + " never reached " + phase);
    }

    @Test
    void duplicateIdValuesAreErrorsNamingBothEntries() throws Exception {
        LabTree t = LabTree.on(slapd, "duplicates");
        String people = t.childOu("people");
        String alice = t.user(people, "alice");
        String bob = t.user(people, "bob");
        String carol = t.user(people, "carol");
        t.modify(alice, "employeeNumber", "7");
        t.modify(bob, "employeeNumber", "7");
        t.modify(carol, "employeeNumber", "8");
        Map<String, Object> body = body(slapd.port, List.of(t.root));
        Map<String, Object> mapping = new HashMap<>();
        mapping.put("idAttribute", "employeeNumber");
        mapping.put("containerFilter", "(objectClass=usersyncNothing)");
        mapping.put("groupFilter", "(objectClass=usersyncNothing)");
        directoryOf(body).put("mapping", mapping);
        String task = createTask(body);
        JsonPath run = Runs.succeeded(task);
        assertEquals(1, run.getInt("counts.usersCreated"), run.prettify());
        assertEquals(2, run.getInt("counts.errors"));
        List<Map<String, Object>> errors = changeList(run.getString("id"), "ERROR");
        assertEquals(2, errors.size());
        for (Map<String, Object> e : errors) {
            String other = e.get("dn").toString().equalsIgnoreCase(alice) ? bob : alice;
            assertTrue(e.get("reason").toString().toLowerCase().contains(other.toLowerCase()), e.toString());
        }
    }

    @Test
    void aBaseDnThatReadsNothingFailsTheRunAndKeepsItsObjects() throws Exception {
        LabTree t = LabTree.on(slapd, "hidden-base");
        String first = t.childOuWithUsers("first", "f", 20);
        String second = t.childOuWithUsers("second", "s", 2);
        Account account = accountDenied(t, "blind", "dn.children=\"" + second + "\"");
        Map<String, Object> body = body(slapd.port, List.of(first, second));
        String task = createTask(body);
        Runs.succeeded(task);
        assertEquals(22, SyncedStore.userCount(task));

        readAs(task, body, account);
        assertFailsAsIncomplete(task, second);
        assertEquals(22, SyncedStore.userCount(task));

        Runs.succeeded(task, Map.of("allowMassDelete", true));
        assertEquals(20, SyncedStore.userCount(task));
    }

    @Test
    void aCancelDuringTheApplyRollsItBack() throws Exception {
        LabTree t = LabTree.on(slapd, "cancel-apply");
        t.users(t.childOu("people"), "c", 5);
        Map<String, Object> body = body(slapd.port, List.of(t.root));
        String target = (String) body.get("targetGroupId");
        String task = createTask(body);
        // the apply inserts groups below the target group: while the test holds that row, the apply waits
        try (Connection hold = lockGroupRow(target)) {
            String runId = Runs.trigger(task, Map.of());
            awaitPhase(runId, "APPLYING");
            given().post("/api/v1/runs/" + runId + "/cancel").then().statusCode(200);
            hold.commit();
            JsonPath run = Runs.awaitEnd(runId);
            assertEquals("CANCELLED", run.getString("status"), run.prettify());
        }
        assertEquals(0, SyncedStore.userCount(task), "nothing applied");
        given().get("/api/v1/user-groups/" + target + "/children").then().body("total", equalTo(0));
    }

    @Test
    void aBaseDnWhoseUsersAreHiddenFailsEvenWhenItsOusShowAndDisabledUsersDoNotRecur() throws Exception {
        LabTree t = LabTree.on(slapd, "hidden-users");
        String first = t.childOuWithUsers("first", "f", 20);
        String second = t.childOuWithUsers("second", "s", 3);
        t.ou("ou=sub," + second);
        Account account =
                accountDenied(t, "nousers", "dn.children=\"" + second + "\" filter=(objectClass=inetOrgPerson)");
        Map<String, Object> body = body(slapd.port, List.of(first, second));
        body.put("userExtinctionHandling", "DISABLE");
        String task = createTask(body);
        Runs.succeeded(task);

        readAs(task, body, account);
        assertFailsAsIncomplete(task, "read no users");

        assertEquals(3, Runs.succeeded(task, Map.of("allowMassDelete", true)).getInt("counts.usersDisabled"));
        // what was disabled once is not taken for a hidden base again
        assertEquals(0, Runs.succeeded(task).getInt("counts.usersDisabled"));
    }

    @Test
    void aGroupKeptByTheSkipPolicyKeepsItsMembers() throws Exception {
        LabTree t = LabTree.on(slapd, "skip-group");
        List<String> users = t.users(t.childOu("people"), "k", 4);
        String groups = t.childOu("groups");
        String team = t.group(groups, "team", users);
        Map<String, Object> body = body(slapd.port, List.of(t.root));
        body.put("groupExtinctionHandling", "SKIP");
        String task = createTask(body);
        Runs.succeeded(task);
        String teamId = SyncedStore.groupId(task, "team");

        t.delete(team);
        JsonPath run = Runs.succeeded(task);
        assertEquals(1, run.getInt("counts.groupsSkipped"), run.prettify());
        assertEquals(0, run.getInt("counts.membershipsRemoved"));
        assertEquals(4, SyncedStore.memberCount(teamId), "a group the run did not read keeps its members");
    }
}
