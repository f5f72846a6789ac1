package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.demo.AdLikeTree;
import io.usersync.demo.DemoDirectory;
import io.usersync.support.ApiTest;
import io.usersync.support.PlainLdapServer;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Members from other domains of a forest: a group's foreign security principals resolve by SID to what any
 * task synced, and until then are recorded as unresolved, never as errors.
 */
@QuarkusTest
class ForeignMembersTest extends ApiTest {
    private static final String FSP = ",CN=ForeignSecurityPrincipals," + AdLikeTree.BASE;
    private static final String FOREIGN_SID = "S-1-5-21-900-900-900-1105";
    private static final String EVERYONE = "CN=Everyone,OU=Groups," + AdLikeTree.CORP;

    private static InMemoryDirectoryServer directory;
    private static InMemoryDirectoryServer otherDomain;

    @BeforeAll
    static void startDirectories() throws Exception {
        directory = DemoDirectory.start(0, 8);
        directory.modify(
                EVERYONE,
                new Modification(ModificationType.ADD, "member", "CN=S-1-5-11" + FSP, "CN=" + FOREIGN_SID + FSP));
        otherDomain = PlainLdapServer.start("dc=other,dc=test");
        otherDomain.add(new Entry(
                "uid=guest.engineer,dc=other,dc=test",
                new Attribute("objectClass", "inetOrgPerson"),
                new Attribute("uid", "guest.engineer"),
                new Attribute("cn", "Guest Engineer"),
                new Attribute("sn", "Engineer"),
                new Attribute("employeeNumber", FOREIGN_SID),
                new Attribute("entryUUID", "10000000-0000-4000-8000-000000000002")));
    }

    @AfterAll
    static void stopDirectories() {
        directory.shutDown(true);
        otherDomain.shutDown(true);
    }

    private static List<String> members(String task, String group) {
        return json().queryParam("size", 500)
                .get("/api/v1/user-groups/" + SyncedStore.groupId(task, group) + "/members")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.username");
    }

    private static List<Map<String, Object>> unresolved(JsonPath run) {
        return json().queryParam("action", "UNRESOLVED_MEMBER")
                .get("/api/v1/runs/" + run.getString("id") + "/changes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    @Test
    void foreignMembersAreUnresolvedUntilTheirDomainIsSyncedThenLinked() {
        SyncedStore.wipe();
        String task = createTask(demoDirectoryTask(
                unique("forest"), createGroup(unique("forest"), null), directory.getListenPort(), AdLikeTree.CORP));
        JsonPath first = Runs.succeeded(task);
        assertEquals(2, first.getInt("counts.unresolvedMembers"), first.prettify());
        assertEquals(0, first.getInt("counts.errors"));
        List<Map<String, Object>> records = unresolved(first);
        assertEquals(
                List.of("S-1-5-11", FOREIGN_SID),
                records.stream().map(r -> r.get("externalId")).sorted().toList());
        assertTrue(records.stream().allMatch(r -> EVERYONE.equalsIgnoreCase((String) r.get("dn"))), records.toString());
        assertEquals(List.of(), members(task, "Everyone"));

        // the other domain, synced by a task whose mapping supplies the SID
        Map<String, Object> other = localDirectoryTask(
                "other",
                "LDAP",
                otherDomain.getListenPort(),
                "NONE",
                PlainLdapServer.admin("dc=other,dc=test"),
                PlainLdapServer.ADMIN_PASSWORD,
                List.of("dc=other,dc=test"));
        directoryOf(other).put("mapping", Map.of("sidAttribute", "employeeNumber"));
        Runs.succeeded(createTask(other));

        JsonPath second = Runs.succeeded(task);
        assertEquals(1, second.getInt("counts.membershipsAdded"), second.prettify());
        assertEquals(1, second.getInt("counts.unresolvedMembers"), "the well-known SID stays unresolved");
        assertEquals(List.of("guest.engineer"), members(task, "Everyone"));

        JsonPath third = Runs.succeeded(task);
        assertEquals(0, third.getInt("counts.membershipsAdded") + third.getInt("counts.membershipsRemoved"));
        assertEquals(List.of("guest.engineer"), members(task, "Everyone"));
    }
}
