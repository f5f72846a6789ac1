package io.usersync.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.quarkus.test.junit.QuarkusTest;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * membershipSource MEMBER_OF against a directory whose memberOf values the test writes itself: the
 * same store as member gives, and a memberOf that is missing or out of step is not trusted: the run
 * reads member instead, and the store stays what member says.
 */
@QuarkusTest
class MemberOfSourceTest extends ApiTest {
    static InMemoryDirectoryServer directory;

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.start(0, 40);
    }

    @AfterAll
    static void stop() {
        directory.shutDown(true);
    }

    @BeforeEach
    void wipe() throws Exception {
        SyncedStore.wipe();
        writeMemberOf();
    }

    /** What a memberof overlay keeps: each member names the groups that list it. */
    private static void writeMemberOf() throws Exception {
        clearMemberOf();
        for (SearchResultEntry g : directory
                .search(AdLikeTree.BASE, SearchScope.SUB, "(objectClass=group)", "member")
                .getSearchEntries()) {
            for (String member :
                    g.getAttributeValues("member") == null ? new String[0] : g.getAttributeValues("member")) {
                if (directory.getEntry(member) != null) {
                    directory.modify(member, new Modification(ModificationType.ADD, "memberOf", g.getDN()));
                }
            }
        }
    }

    /** What a server without a memberof overlay shows: no entry has memberOf. */
    private static void clearMemberOf() throws Exception {
        for (SearchResultEntry e : directory
                .search(AdLikeTree.BASE, SearchScope.SUB, "(memberOf=*)", "1.1")
                .getSearchEntries()) {
            directory.modify(e.getDN(), new Modification(ModificationType.REPLACE, "memberOf"));
        }
    }

    private String task(String source) {
        Map<String, Object> body = demoDirectoryTask(
                unique("memberof"), createGroup(unique("MemberOf"), null), directory.getListenPort(), AdLikeTree.CORP);
        directoryOf(body).put("mapping", Map.of("membershipSource", source));
        body.put("deleteThreshold", Map.of("maxPercent", 100));
        return createTask(body);
    }

    private static String errors(JsonPath run) {
        List<String> reasons = given().queryParam("action", "ERROR")
                .get("/api/v1/runs/" + run.getString("id") + "/changes")
                .then()
                .statusCode(200)
                .extract()
                .path("items.reason");
        return String.join("\n", reasons);
    }

    /** The next run does not trust memberOf and reads member: it succeeds without errors and un-links nothing. */
    private static void assertNextRunReadsMemberAndKeepsTheStore(String task, List<String> before) {
        JsonPath run = Runs.run(task);
        assertEquals(0, run.getInt("counts.membershipsRemoved"), run.prettify());
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        assertEquals("", errors(run));
        assertEquals(String.join("\n", before), String.join("\n", SyncedStore.snapshot(task)));
    }

    @Test
    void memberOfGivesTheStoreMemberGives() {
        String byMember = task("MEMBER");
        JsonPath viaMember = Runs.run(byMember);
        assertEquals("SUCCEEDED", viaMember.getString("status"), viaMember.prettify());
        List<String> expected = SyncedStore.snapshot(byMember);
        assertTrue(viaMember.getInt("counts.membershipsAdded") > 0, viaMember.prettify());

        SyncedStore.wipe();
        String byMemberOf = task("MEMBER_OF");
        JsonPath viaMemberOf = Runs.run(byMemberOf);
        assertEquals("SUCCEEDED", viaMemberOf.getString("status"), viaMemberOf.prettify());
        assertEquals(viaMember.getInt("counts.membershipsAdded"), viaMemberOf.getInt("counts.membershipsAdded"));
        assertEquals(String.join("\n", expected), String.join("\n", SyncedStore.snapshot(byMemberOf)));
        JsonPath again = Runs.run(byMemberOf);
        assertEquals(
                0,
                again.getInt("counts.membershipsAdded") + again.getInt("counts.membershipsRemoved"),
                again.prettify());
    }

    @Test
    void aServerKeepingNoMemberOfIsReadByMember() throws Exception {
        String task = task("MEMBER_OF");
        Runs.succeeded(task);
        List<String> before = SyncedStore.snapshot(task);
        clearMemberOf();
        assertNextRunReadsMemberAndKeepsTheStore(task, before);
    }

    @Test
    void memberOfNamingAGroupThatIsGoneIsReadByMember() throws Exception {
        String task = task("MEMBER_OF");
        Runs.succeeded(task);
        List<String> before = SyncedStore.snapshot(task);
        // a group renamed where the server does not rewrite memberOf: its members still name the old DN
        SearchResultEntry group = directory
                .search(AdLikeTree.CORP, SearchScope.SUB, "(&(objectClass=group)(member=*))", "member")
                .getSearchEntries()
                .get(0);
        String stale = "CN=Renamed Away," + group.getParsedDN().getParentString();
        for (String member : group.getAttributeValues("member")) {
            if (directory.getEntry(member) != null) {
                directory.modify(
                        member,
                        new Modification(ModificationType.DELETE, "memberOf", group.getDN()),
                        new Modification(ModificationType.ADD, "memberOf", stale));
            }
        }
        assertNextRunReadsMemberAndKeepsTheStore(task, before);
    }

    @Test
    void memberOfCannotBeAskedOfMemberUidGroups() {
        Map<String, Object> body = demoDirectoryTask(
                unique("memberuid"),
                createGroup(unique("MemberUid"), null),
                directory.getListenPort(),
                AdLikeTree.CORP);
        directoryOf(body).put("type", "LDAP");
        directoryOf(body).put("mapping", Map.of("membershipSource", "MEMBER_OF", "membershipStyle", "MEMBER_UID"));
        json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("directory.mapping.membershipSource"));
    }
}
