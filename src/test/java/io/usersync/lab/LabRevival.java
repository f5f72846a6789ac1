package io.usersync.lab;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.experimental.DraftZeilengaLDAPRelaxRules03RequestControl;
import io.usersync.directory.ObjectIds;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An object deleted in the directory comes back with the id it had: what a sync must take for the same object, not a
 * new one.
 *
 * <p>Samba AD: tombstone reanimation (MS-ADTS 3.1.1.5.3.7 "Undelete"), one modify of the deleted object under the
 * Show Deleted control that removes {@code isDeleted} and replaces {@code distinguishedName}. It keeps objectGUID and
 * objectSid and gives the object a new uSNChanged, so USN and DirSync readers see it again. Samba's default (the AD
 * Recycle Bin off, as in the lab) strips a deleted object down to a tombstone: what comes back has its name,
 * objectClass, sAMAccountName, objectSid and userAccountControl (primaryGroupID and the account defaults are set
 * anew), but no other attributes and no group memberships. DirSync from a cookie taken while it was deleted sends only
 * what the restore wrote (objectGUID, name, parentGUID, objectCategory, primaryGroupID, account defaults): not
 * sAMAccountName, objectSid or objectClass, which the tombstone kept. Samba 4.17 cannot reanimate an object deleted
 * while the Recycle Bin is on (its reanimation always removes isRecycled, which such an object lacks:
 * noSuchAttribute).
 *
 * <p>OpenLDAP: there are no tombstones; the entry is deleted and added again under the Relax Rules control, which lets
 * the rootdn set entryUUID (and the creation attributes) itself. entryCSN is always new (slapd refuses to take it:
 * "no-user-modification attribute not manageable"), so RFC 4533 content sync sees the add.
 */
public final class LabRevival {
    /** LDAP_SERVER_SHOW_DELETED_OID: deleted objects (tombstones) are found and may be modified. */
    public static final String SHOW_DELETED_OID = "1.2.840.113556.1.4.417";
    /** Relax Rules (draft-zeilenga-ldap-relax): slapd takes it from the rootdn; other accounts need manage access. */
    public static final String RELAX_RULES_OID = DraftZeilengaLDAPRelaxRules03RequestControl.RELAX_RULES_REQUEST_OID;

    /** Operational attributes slapd takes back on an add under Relax Rules; entryCSN is not one of them. */
    private static final List<String> KEPT_OPERATIONAL = List.of("entryUUID", "creatorsName", "createTimestamp");

    private static final Pattern GUID =
            Pattern.compile("\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}?");

    private LabRevival() {}

    /**
     * AD: the deleted object (tombstone) that had this objectGUID, anywhere in the domain of the connection's
     * defaultNamingContext, with its DN, objectGUID, isDeleted, isRecycled, lastKnownParent, msDS-LastKnownRDN and
     * uSNChanged; null when there is none (never deleted, brought back, or gone for good).
     */
    public static SearchResultEntry findDeleted(LDAPConnection c, String objectGuid) throws LDAPException {
        String base = c.getRootDSE().getAttributeValue("defaultNamingContext");
        byte[] guid =
                ObjectIds.guidBytes(UUID.fromString(objectGuid.replace("{", "").replace("}", "")));
        SearchRequest request = new SearchRequest(
                base,
                SearchScope.SUB,
                Filter.createANDFilter(
                        Filter.createEqualityFilter("objectGUID", guid),
                        Filter.createEqualityFilter("isDeleted", "TRUE")),
                "objectGUID",
                "isDeleted",
                "isRecycled",
                "lastKnownParent",
                "msDS-LastKnownRDN",
                "uSNChanged");
        request.addControl(new Control(SHOW_DELETED_OID, true));
        // the domain's subtree refers to the configuration partition: a reference, not an error
        request.setFollowReferrals(false);
        SearchResult result = c.search(request);
        return result.getEntryCount() == 0 ? null : result.getSearchEntries().get(0);
    }

    /**
     * AD: brings a deleted object back (tombstone reanimation) at {@code newDn}, or where it was deleted from when
     * {@code newDn} is null (its last known RDN under lastKnownParent). {@code deletedObjectGuidOrDn} is its objectGUID
     * ("8d8a3e00-002c-4831-9e5b-8cf6c5dc951a", braces allowed) or the tombstone's DN ("CN=x\0ADEL:...,CN=Deleted
     * Objects,..."). Needs an administrator's bind (the Reanimate-Tombstones right on the domain); returns the DN the
     * object has now. Its objectGUID and objectSid stay; the name must be free (entryAlreadyExists otherwise).
     */
    public static String reanimate(LDAPConnection c, String deletedObjectGuidOrDn, String newDn) throws LDAPException {
        SearchResultEntry deleted;
        if (GUID.matcher(deletedObjectGuidOrDn).matches()) {
            deleted = findDeleted(c, deletedObjectGuidOrDn);
            if (deleted == null) {
                throw new LDAPException(
                        ResultCode.NO_SUCH_OBJECT, "no deleted object has objectGUID " + deletedObjectGuidOrDn);
            }
        } else {
            SearchRequest request = new SearchRequest(
                    deletedObjectGuidOrDn,
                    SearchScope.BASE,
                    Filter.createPresenceFilter("objectClass"),
                    "isDeleted",
                    "lastKnownParent",
                    "msDS-LastKnownRDN");
            request.addControl(new Control(SHOW_DELETED_OID, true));
            deleted = c.searchForEntry(request);
            if (deleted == null) {
                throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "no object " + deletedObjectGuidOrDn);
            }
        }
        String target = newDn == null ? originalDn(deleted) : newDn;
        ModifyRequest undelete = new ModifyRequest(
                deleted.getDN(),
                new Modification(ModificationType.DELETE, "isDeleted"),
                new Modification(ModificationType.REPLACE, "distinguishedName", target));
        undelete.addControl(new Control(SHOW_DELETED_OID, true));
        c.modify(undelete);
        return target;
    }

    /** Where a deleted object was: its name before deletion (the tombstone's RDN up to "\nDEL:") under lastKnownParent. */
    private static String originalDn(SearchResultEntry deleted) throws LDAPException {
        String parent = deleted.getAttributeValue("lastKnownParent");
        if (parent == null) {
            throw new LDAPException(ResultCode.NO_SUCH_ATTRIBUTE, deleted.getDN() + " has no lastKnownParent");
        }
        RDN tombstone = new DN(deleted.getDN()).getRDN();
        String name = deleted.getAttributeValue("msDS-LastKnownRDN");
        if (name == null) {
            name = tombstone.getAttributeValues()[0];
            int mangled = name.indexOf("\nDEL:");
            if (mangled >= 0) {
                name = name.substring(0, mangled);
            }
        }
        return new DN(new RDN(tombstone.getAttributeNames()[0], name), new DN(parent)).toString();
    }

    /**
     * OpenLDAP: deletes the entry and adds it again, with the same entryUUID, creatorsName and createTimestamp, through
     * the Relax Rules control; needs the rootdn (or manage access). Returns the entryUUID. The new entry gets a new
     * entryCSN, modifyTimestamp and modifiersName, so RFC 4533 and timestamp readers see it come back. Group
     * memberships are not restored: refint removed them with the delete, and memberOf follows the groups.
     */
    public static String deleteAndReAdd(LDAPConnection c, String dn) throws LDAPException {
        AddRequest add = deleteForReAdd(c, dn);
        c.add(add);
        return add.getAttribute("entryUUID").getValue();
    }

    /**
     * The first half of {@link #deleteAndReAdd}, for a test that runs a sync in between: deletes the entry and
     * returns the add (under Relax Rules, with its entryUUID) that brings it back.
     */
    public static AddRequest deleteForReAdd(LDAPConnection c, String dn) throws LDAPException {
        List<String> attributes = new ArrayList<>(List.of("*"));
        attributes.addAll(KEPT_OPERATIONAL);
        SearchResultEntry before = c.getEntry(dn, attributes.toArray(String[]::new));
        if (before == null) {
            throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "no entry " + dn);
        }
        // "*" is the user attributes only: memberOf, entryCSN and the other operational ones are slapd's to make
        AddRequest add = new AddRequest(dn, before.getAttributes());
        add.addControl(new DraftZeilengaLDAPRelaxRules03RequestControl());
        c.delete(dn);
        return add;
    }
}
