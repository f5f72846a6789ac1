package io.usersync.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** membershipSource against slapd's memberof overlay: member and memberOf give one store, full and incremental. */
@QuarkusTest
class MembershipSourceIT extends SlapdSyncTest {
    private static String task(String source, String base) {
        Map<String, Object> body = slapdTask("source", List.of(base));
        directoryOf(body).put("mapping", Map.of("membershipSource", source));
        body.put("userExtinctionHandling", "REMOVE");
        body.put("groupExtinctionHandling", "REMOVE");
        body.put("deleteThreshold", Map.of());
        return createTask(body);
    }

    @Test
    void theLabSeedSyncedByMemberAndByMemberOfGivesOneStore() {
        String byMember = task("MEMBER", Slapd.BASE);
        JsonPath viaMember = Runs.succeeded(byMember);
        List<String> expected = SyncedStore.snapshot(byMember);
        assertTrue(expected.stream().anyMatch(row -> row.startsWith("nested")), "the seed has nested groups");

        for (String source : List.of("MEMBER_OF", "AUTO")) {
            SyncedStore.wipe();
            String task = task(source, Slapd.BASE);
            JsonPath run = Runs.succeeded(task);
            assertEquals(viaMember.getInt("counts.membershipsAdded"), run.getInt("counts.membershipsAdded"), source);
            assertEquals(String.join("\n", expected), String.join("\n", SyncedStore.snapshot(task)), source);
        }
    }

    @Test
    void incrementalRunsByMemberOfEndWhereFullRunsEnd() throws Exception {
        try (var admin = slapd.admin()) {
            DifferentialSync.assertIncrementalMatchesFull(
                    admin, false, Slapd.SUFFIX, scope -> task("MEMBER_OF", scope), 4, 12);
        }
    }
}
