package io.usersync.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.usersync.directory.ObjectIds;
import org.junit.jupiter.api.Test;

/** The lab's directories give a deleted object back with its id: Samba by tombstone reanimation, slapd by Relax Rules. */
class LabRevivalIT {
    private static final String SAMBA_OU = "OU=Revival," + SambaDc.DOMAIN_BASE;

    @Test
    void aDeletedSambaUserComesBackWithItsObjectGuidAndSid() throws LDAPException {
        SambaDc.get();
        try (LDAPConnection admin = SambaDc.admin()) {
            admin.add(new Entry(SAMBA_OU, new Attribute("objectClass", "top", "organizationalUnit")));
            try {
                String dn = LabChanges.on(admin, true).addUser(SAMBA_OU, "Revived Person", "revived.person");
                SearchResultEntry live = admin.getEntry(dn, "objectGUID", "objectSid");
                String guid = ObjectIds.guid(live.getAttributeValueBytes("objectGUID"));
                admin.delete(dn);
                assertNull(admin.getEntry(dn));

                SearchResultEntry tombstone = LabRevival.findDeleted(admin, guid);
                assertNotNull(tombstone, "the tombstone, found by objectGUID under Show Deleted");
                assertTrue(tombstone.getDN().contains("\\0ADEL:" + guid), tombstone.getDN());
                assertEquals(SAMBA_OU, tombstone.getAttributeValue("lastKnownParent"));
                long usnBefore = highestCommittedUsn(admin);

                // by objectGUID, under another name
                String back = LabRevival.reanimate(admin, guid, "CN=Back Again," + SAMBA_OU);
                assertEquals("CN=Back Again," + SAMBA_OU, back);
                SearchResultEntry restored = admin.getEntry(back, "objectGUID", "objectSid", "uSNChanged", "isDeleted");
                assertNotNull(restored, "readable without any control");
                assertArrayEquals(
                        live.getAttributeValueBytes("objectGUID"), restored.getAttributeValueBytes("objectGUID"));
                assertArrayEquals(
                        live.getAttributeValueBytes("objectSid"), restored.getAttributeValueBytes("objectSid"));
                assertNull(restored.getAttributeValue("isDeleted"));
                assertTrue(
                        restored.getAttributeValueAsLong("uSNChanged") > usnBefore,
                        "a USN or DirSync reader sees it again");
                SearchResult found = admin.search(
                        SambaDc.DOMAIN_BASE, SearchScope.SUB, "(sAMAccountName=revived.person)", "objectGUID");
                assertEquals(1, found.getEntryCount(), "a plain subtree search finds it");
                assertNull(LabRevival.findDeleted(admin, guid));

                // by the tombstone's DN, back where it was deleted from
                admin.delete(back);
                String tombstoneDn = LabRevival.findDeleted(admin, guid).getDN();
                assertEquals(back, LabChanges.on(admin, true).reanimate(tombstoneDn, null));
                assertArrayEquals(
                        live.getAttributeValueBytes("objectGUID"),
                        admin.getEntry(back, "objectGUID").getAttributeValueBytes("objectGUID"));
                admin.delete(back);
            } finally {
                admin.delete(SAMBA_OU);
            }
        }
    }

    @Test
    void aSlapdEntryDeletedAndAddedAgainKeepsItsEntryUuid() throws LDAPException {
        Slapd slapd = Slapd.get();
        try (LDAPConnection admin = slapd.admin()) {
            String dn = LabChanges.on(admin, false).addUser(Slapd.BASE, "Revived Person", "revived.person");
            try {
                SearchResultEntry before = admin.getEntry(dn, "*", "+");
                String uuid = LabChanges.on(admin, false).deleteAndReAdd(dn);
                assertEquals(before.getAttributeValue("entryUUID"), uuid);

                SearchResultEntry after = admin.getEntry(dn, "*", "+");
                assertNotNull(after);
                assertEquals(uuid, after.getAttributeValue("entryUUID"));
                for (String kept : new String[] {"createTimestamp", "creatorsName", "uid", "cn", "sn"}) {
                    assertEquals(before.getAttributeValue(kept), after.getAttributeValue(kept), kept);
                }
                // a new entryCSN: content sync and timestamp readers see the entry come back
                assertNotEquals(before.getAttributeValue("entryCSN"), after.getAttributeValue("entryCSN"));
                assertTrue(after.getAttributeValue("entryCSN").compareTo(before.getAttributeValue("entryCSN")) > 0);

                // without Relax Rules, slapd keeps entryUUID to itself
                admin.delete(dn);
                LDAPException refused = assertThrows(
                        LDAPException.class,
                        () -> admin.add(new Entry(
                                dn,
                                new Attribute("objectClass", "inetOrgPerson"),
                                new Attribute("cn", "Revived Person"),
                                new Attribute("sn", "Revived Person"),
                                new Attribute("entryUUID", uuid))));
                assertEquals(ResultCode.CONSTRAINT_VIOLATION, refused.getResultCode(), refused.getMessage());
            } finally {
                try {
                    admin.delete(dn);
                } catch (LDAPException e) {
                    // deleted above
                }
            }
        }
    }

    private static long highestCommittedUsn(LDAPConnection c) throws LDAPException {
        return Long.parseLong(c.getRootDSE().getAttributeValue("highestCommittedUSN"));
    }
}
