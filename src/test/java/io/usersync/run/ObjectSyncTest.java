package io.usersync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchScope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.demo.AdLikeTree;
import io.usersync.demo.DemoDirectory;
import io.usersync.support.ApiTest;
import io.usersync.support.LdapGate;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /sync-tasks/{id}/objects: one user or group synced now, as a run of mode OBJECT with a trace. */
@QuarkusTest
class ObjectSyncTest extends ApiTest {
    private static InMemoryDirectoryServer directory;

    @BeforeAll
    static void startDirectory() throws Exception {
        directory = DemoDirectory.start(0, 12);
    }

    @AfterAll
    static void stopDirectory() {
        directory.shutDown(true);
    }

    @BeforeEach
    void wipe() {
        SyncedStore.wipe();
    }

    private static String dnOf(String login) throws Exception {
        return directory
                .search(AdLikeTree.BASE, SearchScope.SUB, Filter.createEqualityFilter("sAMAccountName", login), "1.1")
                .getSearchEntries()
                .get(0)
                .getDN();
    }

    private String task(int port) {
        return createTask(demoDirectoryTask(unique("one"), createGroup(unique("one"), null), port, AdLikeTree.CORP));
    }

    private static JsonPath sync(String task, Map<String, Object> body, int status) {
        return json().body(body)
                .post("/api/v1/sync-tasks/" + task + "/objects")
                .then()
                .statusCode(status)
                .extract()
                .jsonPath();
    }

    private static String trace(JsonPath r) {
        return String.join("\n", r.getList("trace", String.class));
    }

    @Test
    void createsUpdatesAndDisablesOneUser() throws Exception {
        String task = task(directory.getListenPort());
        JsonPath created = sync(task, Map.of("dn", dnOf("jnovak")), 200);
        assertEquals("OBJECT", created.getString("run.mode"), created.prettify());
        assertEquals("SUCCEEDED", created.getString("run.status"), created.prettify());
        assertEquals("CREATED", created.getString("change.action"), created.prettify());
        assertEquals(1, created.getInt("run.counts.usersCreated"));
        assertTrue(trace(created).contains("found user at " + dnOf("jnovak")), trace(created));
        assertTrue(trace(created).contains("inside the base DN " + AdLikeTree.CORP), trace(created));
        assertTrue(trace(created).contains("action CREATED"), trace(created));
        assertEquals(1, SyncedStore.userCount(task), "one user, not the directory");

        directory.modify(dnOf("jnovak"), new Modification(ModificationType.REPLACE, "title", "Head of Platform"));
        JsonPath updated = sync(task, Map.of("username", "jnovak"), 200);
        assertEquals("UPDATED", updated.getString("change.action"), updated.prettify());
        assertTrue(updated.getList("change.changedFields").contains("jobTitle"), updated.prettify());
        assertTrue(trace(updated).contains("with fields jobTitle"), trace(updated));

        directory.modify(dnOf("jnovak"), new Modification(ModificationType.REPLACE, "userAccountControl", "514"));
        JsonPath disabled = sync(task, Map.of("username", "jnovak"), 200);
        assertTrue(disabled.getList("change.changedFields").contains("enabled"), disabled.prettify());
        directory.modify(dnOf("jnovak"), new Modification(ModificationType.REPLACE, "userAccountControl", "512"));

        List<Map<String, Object>> history = json().get("/api/v1/sync-tasks/" + task + "/runs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        assertTrue(history.stream().allMatch(r -> "OBJECT".equals(r.get("mode"))), history.toString());
        JsonPath incremental = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        assertEquals("FULL", incremental.getString("executedMode"), "an OBJECT run moves no watermark");
    }

    @Test
    void aDnOutsideTheScopeChangesNothingAndSaysWhy() throws Exception {
        String task = task(directory.getListenPort());
        Runs.succeeded(task);
        int users = SyncedStore.userCount(task);
        JsonPath r = sync(task, Map.of("dn", AdLikeTree.SERVICE_DN), 200);
        assertTrue(trace(r).contains("outside the task's base DNs"), trace(r));
        assertTrue(trace(r).contains("holds no such object: nothing to do"), trace(r));
        assertNull(r.get("change"), r.prettify());
        assertEquals(users, SyncedStore.userCount(task));

        JsonPath missing = sync(task, Map.of("dn", "CN=Nobody," + AdLikeTree.CORP), 200);
        assertTrue(trace(missing).contains("no entry at"), trace(missing));
    }

    @Test
    void aBadRequestNamesTheField() {
        String task = task(directory.getListenPort());
        JsonPath both = sync(task, Map.of("dn", AdLikeTree.CORP, "username", "x"), 400);
        assertTrue(both.getList("errors.field").contains("dn"), both.prettify());
        JsonPath none = sync(task, Map.of(), 400);
        assertTrue(none.getList("errors.field").contains("username"), none.prettify());
        JsonPath bad = sync(task, Map.of("dn", "not a dn"), 400);
        assertTrue(bad.getList("errors.field").contains("dn"), bad.prettify());
        json().body(Map.of("mode", "OBJECT"))
                .post("/api/v1/sync-tasks/" + task + "/runs")
                .then()
                .statusCode(400);
    }

    @Test
    void waitsBehindARunningFullRun() throws Exception {
        try (LdapGate gate = new LdapGate("127.0.0.1", directory.getListenPort())) {
            String task = task(gate.port());
            LdapGate.Hold hold = gate.holdNext(LdapGate.subtreeSearchFor("user"));
            String full = Runs.trigger(task, Map.of());
            assertTrue(hold.awaitHeld(Duration.ofSeconds(20)), "the full run reads users");
            CompletableFuture<JsonPath> one =
                    CompletableFuture.supplyAsync(() -> sync(task, Map.of("username", "zmuller"), 200));
            Thread.sleep(1500);
            assertTrue(!one.isDone(), "the one-object run waits while the full run runs");
            hold.release();
            JsonPath object = one.get();
            JsonPath fullRun = Runs.awaitEnd(full);
            assertEquals("SUCCEEDED", fullRun.getString("status"), fullRun.prettify());
            OffsetDateTime fullEnded = OffsetDateTime.parse(fullRun.getString("finishedAt"));
            OffsetDateTime objectStarted = OffsetDateTime.parse(object.getString("run.startedAt"));
            assertTrue(!objectStarted.isBefore(fullEnded), object.prettify());
            assertNotNull(object.getString("run.id"));
        }
    }

    @Test
    void oneObjectRemovesNoOtherUserDueForRemoval() throws Exception {
        Map<String, Object> body = demoDirectoryTask(
                unique("one"), createGroup(unique("one"), null), directory.getListenPort(), AdLikeTree.CORP);
        body.put("userExtinctionHandling", "DISABLE_THEN_REMOVE");
        body.put("removeAfterDays", 0);
        String task = createTask(body);
        Runs.succeeded(task);
        String dn = dnOf("lwisniewski");
        com.unboundid.ldap.sdk.DN parsed = new com.unboundid.ldap.sdk.DN(dn);
        directory.modifyDN(dn, parsed.getRDNString(), true, "CN=Users," + AdLikeTree.BASE);
        try {
            JsonPath disabled = Runs.succeeded(task);
            assertEquals(1, disabled.getInt("counts.usersDisabled"), disabled.prettify());
            JsonPath one = sync(task, Map.of("username", "jnovak"), 200);
            assertEquals(0, one.getInt("run.counts.usersRemoved"), one.prettify());
            assertNull(one.get("change"), "jnovak is unchanged: " + one.prettify());
        } finally {
            directory.modifyDN(
                    parsed.getRDNString() + ",CN=Users," + AdLikeTree.BASE,
                    parsed.getRDNString(),
                    true,
                    parsed.getParentString());
        }
    }
}
