package io.usersync.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.support.ApiTest;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;

/** membershipSource against slapd's memberof overlay: member and memberOf give one store, full and incremental. */
@QuarkusTest
class MembershipSourceIT extends ApiTest {
    static Slapd slapd;

    @BeforeAll
    static void lab() {
        slapd = Slapd.get();
    }

    @BeforeEach
    void wipe() {
        SyncedStore.wipe();
    }

    private static Map<String, Object> body(String source, String base) {
        Map<String, Object> body = taskBody(unique("source"), createGroup(unique("Source"), null));
        Map<String, Object> d = directoryOf(body);
        d.put("type", "LDAP");
        d.put("host", "127.0.0.1");
        d.put("port", slapd.port);
        d.put("security", "NONE");
        d.put("login", Slapd.SYNC_DN);
        d.put("password", Slapd.SYNC_PASSWORD);
        d.put("mapping", Map.of("membershipSource", source));
        body.put("baseDns", List.of(base));
        body.put("userExtinctionHandling", "REMOVE");
        body.put("groupExtinctionHandling", "REMOVE");
        body.put("deleteThreshold", Map.of());
        body.remove("schedule");
        return body;
    }

    private static String task(String source, String base) {
        return json().body(body(source, base)).post("/api/v1/sync-tasks").then().statusCode(201).extract().path("id");
    }

    @Test
    void theLabSeedSyncedByMemberAndByMemberOfGivesOneStore() {
        String byMember = task("MEMBER", Slapd.BASE);
        JsonPath viaMember = Runs.run(byMember);
        assertEquals("SUCCEEDED", viaMember.getString("status"), viaMember.prettify());
        List<String> expected = SyncedStore.snapshot(byMember);
        assertTrue(expected.stream().anyMatch(row -> row.startsWith("nested")), "the seed has nested groups");

        for (String source : List.of("MEMBER_OF", "AUTO")) {
            SyncedStore.wipe();
            String task = task(source, Slapd.BASE);
            JsonPath run = Runs.run(task);
            assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
            assertEquals(viaMember.getInt("counts.membershipsAdded"), run.getInt("counts.membershipsAdded"), source);
            assertEquals(String.join("\n", expected), String.join("\n", SyncedStore.snapshot(task)), source);
        }
    }

    @Test
    void incrementalRunsByMemberOfEndWhereFullRunsEnd() throws Exception {
        try (var admin = slapd.admin()) {
            DifferentialSync diff = new DifferentialSync(admin, false, Slapd.SUFFIX, Long.getLong("usersync.diff.seed", System.nanoTime()));
            try {
                diff.assertIncrementalMatchesFull(task("MEMBER_OF", diff.scope), 4, 12);
            } finally {
                diff.cleanUp();
            }
        }
    }
}
