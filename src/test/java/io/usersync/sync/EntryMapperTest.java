package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import io.usersync.directory.AttributeMapping;
import io.usersync.directory.DirectoryType;
import io.usersync.directory.EffectiveMapping;
import io.usersync.directory.ObjectIds;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A user's hash covers its mapped fields and its raw attributes as JSON text: an unchanged user must
 * hash as it did when the store was written, or every user of every task is rewritten once. The
 * reference below is the mapping as it was before attributes were found by slot.
 */
class EntryMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EffectiveMapping ldapWithExtras() {
        return EffectiveMapping.of(
                DirectoryType.LDAP,
                new AttributeMapping(
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of("employeeNumber", "CN", "postalAddress"),
                        null));
    }

    @Test
    void rawAttributesAndHashAreWhatTheyWereBeforeSlots() throws Exception {
        EffectiveMapping m = ldapWithExtras();
        // names as a server may send them: other case than the mapping's, several values, text JSON must escape
        Entry e = new Entry(
                "uid=ada,ou=people,dc=example,dc=org",
                new Attribute("objectClass", "top", "inetOrgPerson"),
                new Attribute("entryUUID", "6F1C2A3B-0000-4000-8000-00000000ABCD"),
                new Attribute("UID", "ada"),
                new Attribute("cn", "Ada \"the first\" Lovelace", "Ada L."),
                new Attribute("sn", "Lovelace"),
                new Attribute("Mail", "ada@example.org"),
                new Attribute("telephoneNumber", "+1 555 0100"),
                new Attribute("description", "back\\slash, tab\there, new\nline, \u00e9t\u00e9 \u2603 \u0001"),
                new Attribute("employeeNumber", "42"),
                new Attribute("postalAddress", "1 Analytical Way$London"),
                new Attribute("pwdAccountLockedTime", "20261129000000Z"),
                new Attribute("notMapped", "ignored"));
        StagedUser u = new EntryMapper(m).user(e, "uid=ada,ou=people,dc=example,dc=org", "ou=people,dc=example,dc=org");

        assertEquals(reference(m, e), u.attributesJson());
        assertEquals("6f1c2a3b-0000-4000-8000-00000000abcd", u.externalId());
        assertEquals("ada", u.username());
        assertEquals("Ada \"the first\" Lovelace", u.displayName());
        assertEquals("ada@example.org", u.email());
        assertFalse(u.enabled(), "pwdAccountLockedTime marks an LDAP user disabled");
        assertEquals(
                EntryMapper.hash(new String[] {
                    e.getDN(),
                    "ada",
                    "Ada \"the first\" Lovelace",
                    "ada@example.org",
                    "+1 555 0100",
                    null,
                    null,
                    null,
                    e.getAttributeValue("description"),
                    "false",
                    null,
                    reference(m, e)
                }),
                u.sourceHash());
    }

    @Test
    void plainTextWithSeveralValuesAndAccentsIsWrittenAsJacksonWroteIt() throws Exception {
        EffectiveMapping m = ldapWithExtras();
        Entry e = new Entry(
                "uid=zoe,ou=people,dc=example,dc=org",
                new Attribute("entryUUID", "0a1b2c3d-0000-4000-8000-000000000001"),
                new Attribute("uid", "zoe"),
                new Attribute("cn", "Zo\u00eb Saldana", "Zoe S.", "Z. / S."),
                new Attribute("employeeNumber", "7"),
                new Attribute("departmentNumber", "R&D <lab> \u2603\u007f"));
        StagedUser u = new EntryMapper(m).user(e, "uid=zoe,ou=people,dc=example,dc=org", null);
        assertEquals(reference(m, e), u.attributesJson());
        assertEquals(
                "{\"cn\":[\"Zo\u00eb Saldana\",\"Zoe S.\",\"Z. / S.\"],\"departmentNumber\":\"R&D <lab> \u2603\u007f\","
                        + "\"employeeNumber\":\"7\",\"uid\":\"zoe\"}",
                u.attributesJson());
        assertTrue(u.enabled());
    }

    @Test
    void activeDirectoryUsersKeepTheirIdsSidAndDisabledFlag() throws Exception {
        EffectiveMapping m = EffectiveMapping.of(DirectoryType.ACTIVE_DIRECTORY, null);
        byte[] guid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        byte[] sid = {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 32, 2, 0, 0};
        Entry e = new Entry(
                "CN=Bob,OU=Staff,DC=corp,DC=example",
                new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("objectGUID", guid),
                new Attribute("objectSid", sid),
                new Attribute("sAMAccountName", "bob"),
                new Attribute("userPrincipalName", "bob@corp.example"),
                new Attribute("displayName", "Bob"),
                new Attribute("userAccountControl", "514"));
        StagedUser u = new EntryMapper(m).user(e, "cn=bob,ou=staff,dc=corp,dc=example", null);

        assertEquals(ObjectIds.guid(guid), u.externalId());
        assertEquals("S-1-5-32-544", u.sid());
        assertFalse(u.enabled(), "userAccountControl 514 has ACCOUNTDISABLE");
        assertEquals(reference(m, e), u.attributesJson());
        assertTrue(u.attributesJson().contains("\"userPrincipalName\":\"bob@corp.example\""));
        assertFalse(u.attributesJson().contains("objectGUID"), "the id is a column, not a raw attribute");

        Entry enabled = e.duplicate();
        enabled.setAttribute("userAccountControl", "512");
        assertTrue(new EntryMapper(m)
                .user(enabled, "cn=bob,ou=staff,dc=corp,dc=example", null)
                .enabled());
    }

    /** The raw attributes as they were mapped before: a TreeMap by base name, written by Jackson. */
    private static String reference(EffectiveMapping m, Entry e) throws Exception {
        Map<String, Object> raw = new TreeMap<>();
        for (String name : m.userAttributes()) {
            Attribute a = e.getAttribute(name);
            if (a == null
                    || name.equalsIgnoreCase(m.idAttribute())
                    || (m.sidAttribute() != null && name.equalsIgnoreCase(m.sidAttribute()))
                    || name.equalsIgnoreCase("objectClass")) {
                continue;
            }
            String[] values = a.getValues();
            raw.put(a.getBaseName(), values.length == 1 ? values[0] : values);
        }
        return JSON.writeValueAsString(raw);
    }
}
