package io.usersync.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.usersync.demo.AdLikeTree;
import io.usersync.demo.DemoDirectory;
import io.usersync.support.ApiTest;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tombstones past a retention of seconds are anonymised: the row keeps its id and loses every personal field. */
@QuarkusTest
@TestProfile(RetentionPurgeTest.SecondsAndAnonymize.class)
class RetentionPurgeTest extends ApiTest {
    public static class SecondsAndAnonymize implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "usersync.lifecycle.removed-retention", "2s",
                    "usersync.lifecycle.purge-interval", "1s",
                    "usersync.lifecycle.purge-mode", "ANONYMIZE");
        }
    }

    private static InMemoryDirectoryServer directory;

    @BeforeAll
    static void startDirectory() throws Exception {
        directory = DemoDirectory.start(0, 12);
    }

    @AfterAll
    static void stopDirectory() {
        directory.shutDown(true);
    }

    @Test
    void aRemovedUserIsAnonymisedOnceTheRetentionHasPassed() throws Exception {
        SyncedStore.wipe();
        Map<String, Object> body = demoDirectoryTask(
                unique("purge"), createGroup(unique("purge"), null), directory.getListenPort(), AdLikeTree.CORP);
        body.put("userExtinctionHandling", "REMOVE");
        String task = createTask(body);
        Runs.succeeded(task);
        String id = json().queryParam("taskId", task)
                .queryParam("q", "jnovak")
                .get("/api/v1/users")
                .then()
                .extract()
                .path("items[0].id");
        json().body(Map.of("username", "jnovak", "customAttributes", Map.of("badge", "4711")))
                .put("/api/v1/users/" + id)
                .then()
                .statusCode(200);
        String dn = directory
                .search(
                        AdLikeTree.CORP,
                        SearchScope.SUB,
                        Filter.createEqualityFilter("sAMAccountName", "jnovak"),
                        "1.1")
                .getSearchEntries()
                .get(0)
                .getDN();
        String rdn = new DN(dn).getRDNString();
        String parent = new DN(dn).getParentString();
        directory.modifyDN(dn, rdn, true, "CN=Users," + AdLikeTree.BASE);
        try {
            JsonPath removal = Runs.succeeded(task);
            assertEquals(1, removal.getInt("counts.usersRemoved"), removal.prettify());

            JsonPath gone = awaitPurged(id);
            assertNotNull(gone.getString("removedAt"), gone.prettify());
            assertNotNull(gone.getString("purgedAt"), gone.prettify());
            Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) AppUser.getEntityManager()
                    .createNativeQuery(
                            "select username, display_name, email, dn, external_id, sid,"
                                    + " attributes::text, custom_attributes::text, photo_sha256, task_id from app_user where id = ?1")
                    .setParameter(1, UUID.fromString(id))
                    .getSingleResult());
            assertEquals("", row[0], "username blanked");
            for (int i = 1; i <= 5; i++) {
                assertNull(row[i], "personal field " + i + " blanked");
            }
            assertEquals("{}", row[6]);
            assertEquals("{}", row[7]);
            assertNull(row[8]);
            assertEquals(task, row[9].toString(), "the id and its task stay, for what refers to them");
            List<Map<String, Object>> listed = json().queryParam("taskId", task)
                    .queryParam("include", "removed")
                    .queryParam("size", 100)
                    .get("/api/v1/users")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items");
            Map<String, Object> tombstone = listed.stream()
                    .filter(u -> id.equals(u.get("id")))
                    .findFirst()
                    .orElseThrow();
            assertEquals("", tombstone.get("username"));
            assertNotNull(tombstone.get("purgedAt"));

            directory.modifyDN(rdn + ",CN=Users," + AdLikeTree.BASE, rdn, true, parent);
            JsonPath back = Runs.succeeded(task);
            assertEquals(1, back.getInt("counts.usersCreated"), "past the retention it comes back as a new user");
            assertEquals(0, back.getInt("counts.usersRestored"), back.prettify());
        } finally {
            if (directory.getEntry(dn) == null) {
                directory.modifyDN(rdn + ",CN=Users," + AdLikeTree.BASE, rdn, true, parent);
            }
        }
    }

    private static JsonPath awaitPurged(String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            JsonPath p = json().get("/api/v1/users/" + id)
                    .then()
                    .statusCode(410)
                    .extract()
                    .jsonPath();
            if (p.getString("purgedAt") != null) {
                return p;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("user " + id + " was not purged within 30 s");
    }

    @Test
    void aPurgedGroupKeepsItsIdToo() throws InterruptedException {
        String id = createGroup(unique("short-lived"), null);
        json().delete("/api/v1/user-groups/" + id).then().statusCode(204);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String purged = null;
        while (purged == null && Instant.now().isBefore(deadline)) {
            purged = json().get("/api/v1/user-groups/" + id)
                    .then()
                    .statusCode(410)
                    .extract()
                    .path("purgedAt");
            Thread.sleep(250);
        }
        assertTrue(purged != null, "purged within 30 s");
    }
}
