package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.demo.AdLikeTree;
import io.usersync.demo.DemoDirectory;
import io.usersync.directory.ObjectIds;
import io.usersync.support.ApiTest;
import io.usersync.support.PlainLdapServer;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Primary groups: AD's primaryGroupID and RFC 2307's gidNumber name a group whose member values leave the
 * user out; its members in the store include the user, once, in full, incremental and group-selection runs.
 */
@QuarkusTest
class PrimaryGroupsTest extends ApiTest {
    private static final int USERS = 20;
    private static final String SALES_TEAM = "CN=Sales Team,OU=Groups," + AdLikeTree.CORP;

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
    void resetPrimaryGroups() throws Exception {
        SyncedStore.wipe();
        for (String login : List.of("aturing", "jnovak")) {
            setPrimaryGroup(login, AdLikeTree.DOMAIN_USERS_RID);
        }
    }

    private static SearchResultEntry user(String login) throws Exception {
        return directory.searchForEntry(
                AdLikeTree.BASE, SearchScope.SUB, Filter.createEqualityFilter("sAMAccountName", login));
    }

    private static void setPrimaryGroup(String login, String rid) throws Exception {
        directory.modify(user(login).getDN(), new Modification(ModificationType.REPLACE, "primaryGroupID", rid));
    }

    private static String salesTeamRid() throws Exception {
        String sid = ObjectIds.sid(directory.getEntry(SALES_TEAM).getAttributeValueBytes("objectSid"));
        return sid.substring(sid.lastIndexOf('-') + 1);
    }

    private static List<String> members(String task, String group) {
        List<String> names = json().queryParam("size", 500)
                .get("/api/v1/user-groups/" + SyncedStore.groupId(task, group) + "/members")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.username");
        Collections.sort(names);
        return names;
    }

    private static String task(String base) {
        return createTask(demoDirectoryTask(
                unique("primary"), createGroup(unique("primary"), null), directory.getListenPort(), base));
    }

    @Test
    void aCustomPrimaryGroupInScopeHasItsPrimaryMembersOnce() throws Exception {
        // Alan Turing is an engineer, not among Sales Team's member values; Ján Novák already is one of them
        List<String> before = members(taskSynced(AdLikeTree.CORP), "Sales Team");
        assertTrue(before.contains("jnovak") && !before.contains("aturing"), before.toString());
        SyncedStore.wipe();
        setPrimaryGroup("aturing", salesTeamRid());
        setPrimaryGroup("jnovak", salesTeamRid());
        String task = taskSynced(AdLikeTree.CORP);
        List<String> after = members(task, "Sales Team");
        assertEquals(before.size() + 1, after.size(), after.toString());
        assertTrue(after.contains("aturing"));
        assertEquals(1, after.stream().filter("jnovak"::equals).count(), "not twice");
    }

    private static String taskSynced(String base) {
        String task = task(base);
        Runs.succeeded(task);
        return task;
    }

    @Test
    void domainUsersHasAllItsUsersWhenCnUsersIsInScope() throws Exception {
        String task = taskSynced(AdLikeTree.BASE);
        // every demo user and svc-sync, whose home group is CN=Users
        assertEquals(USERS + 1, members(task, "Domain Users").size());
    }

    @Test
    void anIncrementalRunMovesAPrimaryMembershipAndEndsWhereAFullRunEnds() throws Exception {
        String task = taskSynced(AdLikeTree.BASE);
        setPrimaryGroup("aturing", salesTeamRid());
        JsonPath incremental = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        assertEquals("INCREMENTAL", incremental.getString("executedMode"), incremental.prettify());
        assertTrue(members(task, "Sales Team").contains("aturing"));
        assertTrue(!members(task, "Domain Users").contains("aturing"));
        List<String> afterIncremental = SyncedStore.snapshot(task);
        JsonPath full = Runs.succeeded(task, Map.of("mode", "FULL"));
        assertEquals(
                0, full.getInt("counts.membershipsAdded") + full.getInt("counts.membershipsRemoved"), full.prettify());
        assertEquals(afterIncremental, SyncedStore.snapshot(task));

        setPrimaryGroup("aturing", AdLikeTree.DOMAIN_USERS_RID);
        Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        assertTrue(members(task, "Domain Users").contains("aturing"));
        assertTrue(!members(task, "Sales Team").contains("aturing"));
    }

    @Test
    void aSelectedGroupIncludesItsPrimaryMembers() throws Exception {
        setPrimaryGroup("aturing", salesTeamRid());
        String task = taskSynced(SALES_TEAM);
        assertTrue(
                members(task, "Sales Team").contains("aturing"),
                members(task, "Sales Team").toString());
    }

    @Test
    void aPosixGroupHasTheUsersWhoseGidNumberNamesIt() throws Exception {
        InMemoryDirectoryServer posix = PlainLdapServer.start("dc=posix,dc=test");
        try {
            posix.add(new Entry(
                    "ou=people,dc=posix,dc=test",
                    new Attribute("objectClass", "organizationalUnit"),
                    new Attribute("ou", "people"),
                    new Attribute("entryUUID", "00000000-0000-4000-8000-000000000002")));
            int n = 3;
            for (String uid : List.of("listed", "primary", "both")) {
                posix.add(new Entry(
                        "uid=" + uid + ",ou=people,dc=posix,dc=test",
                        new Attribute("objectClass", "inetOrgPerson", "posixAccount"),
                        new Attribute("uid", uid),
                        new Attribute("cn", uid),
                        new Attribute("sn", uid),
                        new Attribute("gidNumber", uid.equals("listed") ? "100" : "500"),
                        new Attribute("entryUUID", "00000000-0000-4000-8000-00000000000" + n++)));
            }
            posix.add(new Entry(
                    "cn=staff,ou=people,dc=posix,dc=test",
                    new Attribute("objectClass", "posixGroup"),
                    new Attribute("cn", "staff"),
                    new Attribute("gidNumber", "500"),
                    new Attribute("memberUid", "listed", "both"),
                    new Attribute("entryUUID", "00000000-0000-4000-8000-000000000009")));
            Map<String, Object> body = localDirectoryTask(
                    "posix",
                    "LDAP",
                    posix.getListenPort(),
                    "NONE",
                    PlainLdapServer.admin("dc=posix,dc=test"),
                    PlainLdapServer.ADMIN_PASSWORD,
                    List.of("dc=posix,dc=test"));
            directoryOf(body).put("mapping", Map.of("membershipStyle", "MEMBER_UID"));
            String task = createTask(body);
            Runs.succeeded(task);
            assertEquals(List.of("both", "listed", "primary"), members(task, "staff"));
        } finally {
            posix.shutDown(true);
        }
    }
}
