package io.usersync.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.usersync.demo.AdLikeTree;
import io.usersync.demo.DemoDirectory;
import io.usersync.support.ApiTest;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An incremental run that meets more changes than it may read gives way to a full run, in the same run. */
@QuarkusTest
@TestProfile(IncrementalFallbackTest.FewChangesAllowed.class)
class IncrementalFallbackTest extends ApiTest {
    public static class FewChangesAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "usersync.sync.incremental-max-change-fraction", "0", "usersync.sync.incremental-min-changes", "2");
        }
    }

    static InMemoryDirectoryServer directory;

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.start(0, 20);
    }

    @AfterAll
    static void stop() {
        directory.shutDown(true);
    }

    @Test
    void tooManyChangesRunFullAndSayWhy() throws Exception {
        SyncedStore.wipe();
        String task = createTask(demoDirectoryTask(
                unique("fallback"), createGroup(unique("AD"), null), directory.getListenPort(), AdLikeTree.CORP));
        assertEquals("SUCCEEDED", Runs.run(task, Map.of("mode", "FULL")).getString("status"));

        List<String> dns = given().queryParam("taskId", task)
                .queryParam("size", 3)
                .get("/api/v1/users")
                .then()
                .extract()
                .path("items.dn");
        for (String dn : dns) {
            directory.modify(dn, new Modification(ModificationType.REPLACE, "title", "Changed"));
        }
        JsonPath run = Runs.run(task, Map.of("mode", "INCREMENTAL"));
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        assertEquals("FULL", run.getString("executedMode"), run.prettify());
        assertTrue(run.getString("modeReason").startsWith("more than 2 entries changed"), run.prettify());
        assertEquals(3, run.getInt("counts.usersUpdated"), run.prettify());
        assertEquals(
                20,
                run.getInt("counts.usersUpdated") + run.getInt("counts.usersUnchanged"),
                "a full read: " + run.prettify());
    }
}
