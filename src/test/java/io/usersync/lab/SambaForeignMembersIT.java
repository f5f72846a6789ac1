package io.usersync.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.support.Runs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A well-known principal added to a group on a real Samba AD DC becomes a foreign security principal member. */
@QuarkusTest
class SambaForeignMembersIT extends SambaSyncTest {
    private static final String OU = "OU=Foreign Members," + SambaDc.DOMAIN_BASE;
    private static final String GROUP = "CN=Everyone Signed In," + OU;

    @AfterEach
    void removeWhatTheTestMade() {
        try (LDAPConnection admin = SambaDc.admin()) {
            for (String dn : List.of(GROUP, OU)) {
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

    @Test
    void aWellKnownForeignMemberIsRecordedUnresolvedNotAsAnError() throws Exception {
        try (LDAPConnection admin = SambaDc.admin()) {
            admin.add(new Entry(OU, new Attribute("objectClass", "top", "organizationalUnit")));
            admin.add(new Entry(
                    GROUP,
                    new Attribute("objectClass", "top", "group"),
                    new Attribute("sAMAccountName", "Everyone Signed In"),
                    // domain local: the scope that may hold principals from outside the domain
                    new Attribute("groupType", "-2147483644")));
            // Authenticated Users: a foreign security principal every domain has from its provisioning
            admin.modify(
                    GROUP,
                    new Modification(
                            ModificationType.ADD,
                            "member",
                            "CN=S-1-5-11,CN=ForeignSecurityPrincipals," + SambaDc.DOMAIN_BASE));
        }
        Map<String, Object> body = localDirectoryTask(
                "foreign", "ACTIVE_DIRECTORY", 636, "LDAPS", SambaDc.LOGIN, SambaDc.PASSWORD, List.of(OU));
        directoryOf(body).put("trustedCertificatesPem", dc.caPem);
        String task = createTask(body);
        JsonPath run = Runs.succeeded(task);
        assertEquals(1, run.getInt("counts.unresolvedMembers"), run.prettify());
        assertEquals(0, run.getInt("counts.errors"));
        List<Map<String, Object>> records = json().queryParam("action", "UNRESOLVED_MEMBER")
                .get("/api/v1/runs/" + run.getString("id") + "/changes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        assertEquals(1, records.size(), records.toString());
        assertEquals("S-1-5-11", records.get(0).get("externalId"));
        assertTrue(String.valueOf(records.get(0).get("reason")).contains("well-known"), records.toString());
    }
}
