package io.usersync.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A task listing two OpenLDAP providers that replicate each other: runs go to the first; with it down,
 * the next incremental run goes to the second, stays INCREMENTAL (one RFC 4533 cookie serves both), and
 * ends where a full run ends; with the first back, runs return to it, still incremental.
 */
@QuarkusTest
class SlapdFailoverIT extends ApiTest {
    static SlapdPair pair;

    @BeforeAll
    static void startPair() {
        pair = SlapdPair.start();
    }

    @AfterAll
    static void stopPair() {
        pair.close();
    }

    @Test
    void theNextIncrementalRunGoesToTheOtherProviderAndEndsWhereAFullRunEnds() throws Exception {
        SyncedStore.wipe();
        try (var admin1 = pair.admin(1)) {
            DifferentialSync diff = new DifferentialSync(admin1, false, Slapd.SUFFIX, System.nanoTime());
            Map<String, Object> body = localDirectoryTask(
                    "failover", "LDAP", pair.port(1), "NONE", Slapd.SYNC_DN, Slapd.SYNC_PASSWORD, List.of(diff.scope));
            Map<String, Object> directory = directoryOf(body);
            directory.remove("host");
            directory.remove("port");
            directory.put("hosts", List.of("127.0.0.1:" + pair.port(1), "127.0.0.1:" + pair.port(2)));
            body.put("deleteThreshold", Map.of());
            String task = createTask(body);

            JsonPath first = Runs.succeeded(task, Map.of("mode", "FULL"));
            assertEquals(pair.port(1), first.getInt("server.port"), first.prettify());
            assertEquals(List.of(), first.getList("server.skipped"));

            List<String> changes = diff.randomChanges(12);
            diff.settleRefint();
            pair.awaitConverged();
            pair.stop(1);

            JsonPath inc = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
            String context = "changes:\n  " + String.join("\n  ", changes) + "\n" + inc.prettify();
            assertEquals("INCREMENTAL", inc.getString("executedMode"), context);
            assertEquals(pair.port(2), inc.getInt("server.port"), context);
            List<String> skipped = inc.getList("server.skipped");
            assertEquals(1, skipped.size(), context);
            assertTrue(skipped.get(0).contains("127.0.0.1:" + pair.port(1) + " (hosts[0])"), skipped.get(0));
            assertTrue(skipped.get(0).contains("CONNECTION_REFUSED"), skipped.get(0));
            JsonPath full = DifferentialSync.assertFullRunChangesNothing(task, SyncedStore.snapshot(task), context);
            assertEquals(pair.port(2), full.getInt("server.port"), full.prettify());

            // the first provider back: the next run starts from it again, and the cookie the second gave serves it
            pair.startAgain(1);
            pair.awaitConverged();
            JsonPath back = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
            assertEquals(pair.port(1), back.getInt("server.port"), back.prettify());
            assertEquals("INCREMENTAL", back.getString("executedMode"), back.prettify());
        }
    }
}
