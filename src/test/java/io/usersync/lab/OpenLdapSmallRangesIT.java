package io.usersync.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.usersync.support.ApiTest;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;

/** Ranged member reads are AD's: with a range step set, OpenLDAP's groups still read in full (it ignores member;range=). */
@QuarkusTest
@TestProfile(SambaAdSyncIT.SmallRanges.class)
class OpenLdapSmallRangesIT extends ApiTest {
    static Slapd slapd;

    @BeforeAll
    static void lab() {
        slapd = Slapd.get();
    }

    @BeforeEach
    void wipe() {
        SyncedStore.wipe();
    }

    @Test
    void groupsOfMoreMembersThanARangeReadInFull() {
        Map<String, Object> body = taskBody(unique("ranges"), createGroup(unique("Ranges"), null));
        Map<String, Object> d = directoryOf(body);
        d.putAll(Map.of("type", "LDAP", "host", "127.0.0.1", "port", slapd.port, "security", "NONE", "login", Slapd.SYNC_DN,
                "password", Slapd.SYNC_PASSWORD));
        body.put("baseDns", List.of(Slapd.BASE));
        body.remove("schedule");
        String task = json().body(body).post("/api/v1/sync-tasks").then().statusCode(201).extract().path("id");
        JsonPath run = Runs.run(task);
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        assertEquals(slapd.seed.users(), SyncedStore.memberCount(SyncedStore.groupId(task, "All Staff")));
    }
}
