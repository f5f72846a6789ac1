package io.usersync.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What AD says of an account besides its disabled flag: expiry, lockout, and its times, through the user API. */
@QuarkusTest
class AccountStateTest extends ApiTest {
    private static final int USERS = 12;
    /** FILETIME's epoch, 1601-01-01, in Unix seconds. */
    private static final long EPOCH_1601 = -11_644_473_600L;

    private static final List<String> CHANGED =
            List.of("jnovak", "zmuller", "aeostergaard", "lwisniewski", "alovelace");

    private static InMemoryDirectoryServer directory;

    @BeforeAll
    static void startDirectory() throws Exception {
        directory = DemoDirectory.start(0, USERS);
    }

    @AfterAll
    static void stopDirectory() {
        directory.shutDown(true);
    }

    @BeforeEach
    void wipeSyncedObjects() throws Exception {
        SyncedStore.wipe();
        for (String login : CHANGED) {
            for (String attribute : List.of("accountExpires", "lockoutTime", "pwdLastSet", "whenCreated")) {
                directory.modify(dnOf(login), new Modification(ModificationType.REPLACE, attribute));
            }
        }
    }

    private static String fileTime(Instant t) {
        return Long.toString((t.getEpochSecond() - EPOCH_1601) * 10_000_000L + t.getNano() / 100);
    }

    private static String dnOf(String login) throws Exception {
        return directory
                .search(AdLikeTree.CORP, SearchScope.SUB, Filter.createEqualityFilter("sAMAccountName", login), "1.1")
                .getSearchEntries()
                .get(0)
                .getDN();
    }

    private static void set(String login, String attribute, String value) throws Exception {
        directory.modify(dnOf(login), new Modification(ModificationType.REPLACE, attribute, value));
    }

    private static List<String> usernames(String task, String state) {
        return json().queryParam("taskId", task)
                .queryParam("state", state)
                .queryParam("size", 200)
                .get("/api/v1/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.username");
    }

    private static String task(boolean skipExpired) {
        Map<String, Object> body = demoDirectoryTask(
                unique("state"), createGroup(unique("state"), null), directory.getListenPort(), AdLikeTree.CORP);
        body.put("skipExpiredUsers", skipExpired);
        return createTask(body);
    }

    @Test
    void expiredNeverExpiringAndLockedAccountsShowTheirState() throws Exception {
        Instant lockedAt = Instant.parse("2026-11-30T08:15:00Z");
        set("jnovak", "accountExpires", fileTime(Instant.parse("2025-01-31T00:00:00Z")));
        set("zmuller", "accountExpires", "9223372036854775807");
        set("aeostergaard", "accountExpires", "0");
        set("lwisniewski", "lockoutTime", fileTime(lockedAt));
        set("alovelace", "accountExpires", fileTime(Instant.parse("2099-06-30T00:00:00Z")));
        set("alovelace", "pwdLastSet", fileTime(Instant.parse("2026-10-01T12:00:00Z")));
        set("alovelace", "whenCreated", "20240105093000.0Z");
        String task = task(false);
        Runs.succeeded(task);

        Map<String, Object> expired = syncedUser(task, "jnovak");
        assertEquals("EXPIRED", expired.get("state"));
        assertEquals("2025-01-31T00:00:00Z", expired.get("accountExpiresAt"));
        assertEquals(true, expired.get("enabled"), "expiry is a date, not the disabled flag");
        for (String never : List.of("zmuller", "aeostergaard")) {
            assertNull(syncedUser(task, never).get("accountExpiresAt"), never + ": 0 and the largest value mean never");
            assertEquals("ACTIVE", syncedUser(task, never).get("state"));
        }
        Map<String, Object> ada = syncedUser(task, "alovelace");
        assertEquals("ACTIVE", ada.get("state"));
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) ada.get("attributes");
        assertEquals("2026-10-01T12:00:00Z", attributes.get("pwdLastSet"));
        assertEquals("2024-01-05T09:30:00Z", attributes.get("whenCreated"));
        assertFalse(attributes.containsKey("accountExpires"), "a field of its own");
        Map<String, Object> locked = syncedUser(task, "lwisniewski");
        assertEquals(true, locked.get("locked"));
        assertEquals(lockedAt.toString(), locked.get("lockedOutAt"));
        assertEquals(false, syncedUser(task, "zmuller").get("locked"));
        // the demo tree's eighth user is disabled
        assertEquals(List.of("mhamilton"), usernames(task, "DISABLED"));
        assertEquals(List.of("jnovak"), usernames(task, "EXPIRED"));
        assertEquals(USERS - 2, usernames(task, "ACTIVE").size());

        json().queryParam("state", "GONE").get("/api/v1/users").then().statusCode(400);
    }

    @Test
    void anAccountThatExpiresChangesStateWithNoRun() throws Exception {
        Instant expires = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
        set("jnovak", "accountExpires", fileTime(expires));
        String task = task(false);
        Runs.succeeded(task);
        String state = (String) syncedUser(task, "jnovak").get("state");
        if (Instant.now().isBefore(expires)) {
            assertEquals("ACTIVE", state);
        }
        Instant deadline = expires.plus(Duration.ofSeconds(10));
        while (!state.equals("EXPIRED") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            state = (String) syncedUser(task, "jnovak").get("state");
        }
        assertEquals("EXPIRED", state);
        assertEquals(
                1,
                json().get("/api/v1/sync-tasks/" + task + "/runs")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("items")
                        .size(),
                "no run in between");
    }

    @Test
    void aLockoutIsAChangeAndSkipExpiredUsersLeavesExpiredOnesOut() throws Exception {
        set("jnovak", "accountExpires", fileTime(Instant.parse("2025-01-31T00:00:00Z")));
        String task = task(true);
        JsonPath first = Runs.succeeded(task);
        assertEquals(USERS - 1, first.getInt("counts.usersCreated"));
        assertEquals(List.of(), usernames(task, "EXPIRED"));

        set("lwisniewski", "lockoutTime", fileTime(Instant.parse("2026-12-01T10:00:00Z")));
        JsonPath second = Runs.succeeded(task);
        assertEquals(1, second.getInt("counts.usersUpdated"));
        List<String> fields = json().queryParam("action", "UPDATED")
                .get("/api/v1/runs/" + second.getString("id") + "/changes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items[0].changedFields");
        assertTrue(fields.contains("lockedOutAt"), fields.toString());
    }

    @Test
    void aRunAskedForIncrementallyLeavesOutAUserThatExpiredSinceItWasRead() throws Exception {
        Instant expires = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        set("jnovak", "accountExpires", fileTime(expires));
        String task = task(true);
        Runs.succeeded(task);
        assertEquals("ACTIVE", syncedUser(task, "jnovak").get("state"));
        while (Instant.now().isBefore(expires.plusMillis(200))) {
            Thread.sleep(100);
        }
        JsonPath run = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        assertEquals("FULL", run.getString("executedMode"), run.prettify());
        assertTrue(run.getString("modeReason").contains("skipExpiredUsers"), run.prettify());
        assertEquals(1, run.getInt("counts.usersRemoved") + run.getInt("counts.usersDisabled"), run.prettify());
        assertTrue(!usernames(task, "ACTIVE").contains("jnovak"));
    }
}
