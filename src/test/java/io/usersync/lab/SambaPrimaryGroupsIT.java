package io.usersync.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchScope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.directory.ObjectIds;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Primary groups on a real Samba AD DC: primaryGroupID names a group whose member values leave the user out. */
@QuarkusTest
class SambaPrimaryGroupsIT extends SambaSyncTest {
    private static final String OU = "OU=Primary Groups," + SambaDc.DOMAIN_BASE;
    private static final String GROUP = "CN=Field Staff," + OU;
    private static final String USER = "CN=field.worker," + OU;
    private static final String OTHER = "CN=office.worker," + OU;

    @AfterEach
    void removeWhatTheTestMade() {
        try (LDAPConnection admin = SambaDc.admin()) {
            for (String dn : List.of(USER, OTHER, GROUP, OU)) {
                try {
                    admin.delete(dn);
                } catch (LDAPException e) {
                    // not there
                }
            }
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(String base) {
        Map<String, Object> body = localDirectoryTask(
                "primary", "ACTIVE_DIRECTORY", 636, "LDAPS", SambaDc.LOGIN, SambaDc.PASSWORD, List.of(base));
        directoryOf(body).put("trustedCertificatesPem", dc.caPem);
        return createTask(body);
    }

    private static List<String> members(String task, String group) {
        List<String> names = new ArrayList<>(json().queryParam("size", 500)
                .get("/api/v1/user-groups/" + SyncedStore.groupId(task, group) + "/members")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.username"));
        Collections.sort(names);
        return names;
    }

    private static String rid(LDAPConnection admin, String dn) throws LDAPException {
        String sid = ObjectIds.sid(admin.getEntry(dn, "objectSid").getAttributeValueBytes("objectSid"));
        return sid.substring(sid.lastIndexOf('-') + 1);
    }

    @Test
    void aCustomPrimaryGroupHasItsMembersOnceAndAMoveIsSeenIncrementally() throws Exception {
        try (LDAPConnection admin = SambaDc.admin();
                LabChanges lab = LabChanges.onSamba()) {
            admin.add(new Entry(OU, new Attribute("objectClass", "top", "organizationalUnit")));
            admin.add(new Entry(
                    GROUP,
                    new Attribute("objectClass", "top", "group"),
                    new Attribute("sAMAccountName", "Field Staff")));
            lab.addUser(OU, "field.worker", "field.worker");
            lab.addUser(OU, "office.worker", "office.worker");
            // AD makes a user a member of a group before that group can become its primary one
            lab.addMember(GROUP, USER);
            lab.addMember(GROUP, OTHER);
            admin.modify(USER, new Modification(ModificationType.REPLACE, "primaryGroupID", rid(admin, GROUP)));
            assertFalse(
                    admin.getEntry(GROUP, "member").hasAttributeValue("member", USER),
                    "Samba takes the primary member out of the group's member values");
        }
        String task = body(OU);
        Runs.succeeded(task);
        assertEquals(List.of("field.worker", "office.worker"), members(task, "Field Staff"));

        try (LDAPConnection admin = SambaDc.admin()) {
            admin.modify(USER, new Modification(ModificationType.REPLACE, "primaryGroupID", "513"));
        }
        JsonPath incremental = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
        assertEquals("INCREMENTAL", incremental.getString("executedMode"), incremental.prettify());
        List<String> afterIncremental = SyncedStore.snapshot(task);
        try (LDAPConnection admin = SambaDc.admin()) {
            boolean stillListed = admin.getEntry(GROUP, "member").hasAttributeValue("member", USER);
            assertEquals(
                    stillListed,
                    members(task, "Field Staff").contains("field.worker"),
                    "the store follows what the directory now lists");
        }
        JsonPath full = Runs.succeeded(task, Map.of("mode", "FULL"));
        assertEquals(
                0, full.getInt("counts.membershipsAdded") + full.getInt("counts.membershipsRemoved"), full.prettify());
        assertEquals(afterIncremental, SyncedStore.snapshot(task));
    }

    @Test
    void domainUsersHasAllItsUsersWhenCnUsersIsInScope() throws Exception {
        String users = "CN=Users," + SambaDc.DOMAIN_BASE;
        int expected;
        try (LDAPConnection admin = SambaDc.admin()) {
            expected = admin.search(
                            users,
                            SearchScope.SUB,
                            Filter.createANDFilter(
                                    Filter.create("(sAMAccountType=805306368)"),
                                    Filter.createEqualityFilter("primaryGroupID", "513")),
                            "1.1")
                    .getEntryCount();
        }
        String task = body(users);
        Runs.succeeded(task);
        List<String> members = members(task, "Domain Users");
        assertEquals(expected, members.size(), members.toString());
        assertTrue(members.contains("Administrator"), members.toString());
    }
}
