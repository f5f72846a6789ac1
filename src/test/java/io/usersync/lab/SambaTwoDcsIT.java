package io.usersync.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchScope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.support.ApiTest;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Samba DCs of one domain, the task listing both: a watermark per DC. Runs go to DC1; with DC1 down the
 * next run lands on DC2, which has no watermark yet, so it runs FULL and says why; the one after continues
 * incrementally from DC2's own; with DC1 back, runs return to it and continue from DC1's older watermark,
 * ending where a full run ends.
 */
@QuarkusTest
class SambaTwoDcsIT extends ApiTest {
    static final String LAB = "OU=Lab," + SambaPair.BASE;
    static SambaPair pair;

    @BeforeAll
    static void startPair() throws Exception {
        pair = SambaPair.start();
        try (LDAPConnection admin = pair.admin(1)) {
            LabSeed.activeDirectory(admin, LAB, 40);
        }
        pair.replicate();
    }

    @AfterAll
    static void stopPair() {
        pair.close();
    }

    static void addUser(int dc, String login) throws Exception {
        try (LabChanges changes = LabChanges.on(pair.admin(dc), true)) {
            changes.addUser("OU=Sales,OU=People," + LAB, "User " + login, login);
        }
    }

    @Test
    void eachDcKeepsItsOwnWatermark() throws Exception {
        SyncedStore.wipe();
        Map<String, Object> body = localDirectoryTask(
                "two-dcs", "ACTIVE_DIRECTORY", 389, "NONE", SambaPair.LOGIN, SambaPair.PASSWORD, List.of(LAB));
        Map<String, Object> directory = directoryOf(body);
        directory.remove("host");
        directory.remove("port");
        directory.put("hosts", List.of(pair.host(1), pair.host(2)));
        body.put("deleteThreshold", Map.of());
        String task = createTask(body);

        JsonPath first = Runs.succeeded(task, Map.of("mode", "FULL"));
        assertEquals(pair.host(1), first.getString("server.host"), first.prettify());
        assertEquals("dc1.pair.test", first.getString("server.dnsHostName").toLowerCase());

        addUser(1, "beforefailover");
        pair.replicate();
        pair.stop(1);
        JsonPath onDc2 = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        assertEquals(pair.host(2), onDc2.getString("server.host"), onDc2.prettify());
        assertEquals("FULL", onDc2.getString("executedMode"), onDc2.prettify());
        assertTrue(
                onDc2.getString("modeReason").startsWith("no watermark for domain controller dc2.pair.test"),
                onDc2.getString("modeReason"));
        syncedUser(task, "beforefailover");

        addUser(2, "ondctwo");
        try (LDAPConnection admin2 = pair.admin(2)) {
            admin2.modify(
                    admin2.searchForEntry(LAB, SearchScope.SUB, "(sAMAccountName=u00001)")
                            .getDN(),
                    new Modification(ModificationType.REPLACE, "description", "changed on DC2"));
        }
        JsonPath again = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        assertEquals(pair.host(2), again.getString("server.host"), again.prettify());
        assertEquals("INCREMENTAL", again.getString("executedMode"), again.prettify());
        syncedUser(task, "ondctwo");

        // DC1 back: its watermark is older than the store, and every change since reached it by replication
        pair.startAgain(1);
        addUser(2, "afterreturn");
        pair.replicate();
        JsonPath back = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        assertEquals(pair.host(1), back.getString("server.host"), back.prettify());
        assertEquals("INCREMENTAL", back.getString("executedMode"), back.prettify());
        syncedUser(task, "afterreturn");
        DifferentialSync.assertFullRunChangesNothing(task, SyncedStore.snapshot(task), back.prettify());
    }
}
