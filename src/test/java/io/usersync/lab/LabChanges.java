package io.usersync.lab;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;

/** What tests do to a lab directory between runs: add, rename, move, disable, regroup and delete objects. */
public final class LabChanges implements AutoCloseable {
    private final LDAPConnection admin;
    private final boolean ad;

    private LabChanges(LDAPConnection admin, boolean ad) {
        this.admin = admin;
        this.ad = ad;
    }

    public static LabChanges onSamba() throws LDAPException {
        return new LabChanges(SambaDc.admin(), true);
    }

    /** Changes through a connection of the caller's, which it keeps and closes. */
    public static LabChanges on(LDAPConnection admin, boolean ad) {
        return new LabChanges(admin, ad);
    }

    public static LabChanges onSlapd(Slapd slapd) throws LDAPException {
        return new LabChanges(slapd.admin(), false);
    }

    /** An enabled user named cn with the given login; returns its DN. */
    public String addUser(String parentDn, String cn, String login) throws LDAPException {
        String dn = new DN(new RDN(ad ? "CN" : "cn", cn), new DN(parentDn)).toString();
        Entry e = ad
                ? new Entry(
                        dn,
                        new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                        new Attribute("sAMAccountName", login),
                        new Attribute("userAccountControl", "544"))
                : new Entry(
                        dn,
                        new Attribute("objectClass", "inetOrgPerson"),
                        new Attribute("cn", cn),
                        new Attribute("sn", cn),
                        new Attribute("uid", login));
        admin.add(e);
        return dn;
    }

    /** Renames and/or moves an entry (newParentDn null keeps it where it is); returns the new DN. */
    public String renameAndMove(String dn, String newCn, String newParentDn) throws LDAPException {
        return renameAndMove(admin, dn, newCn, newParentDn);
    }

    /** Gives an entry a new RDN value (the RDN's attribute stays) and/or a new parent (null keeps it); returns the new DN. */
    static String renameAndMove(LDAPConnection admin, String dn, String newValue, String newParentDn)
            throws LDAPException {
        DN old = new DN(dn);
        RDN rdn = new RDN(old.getRDN().getAttributeNames()[0], newValue);
        admin.modifyDN(dn, rdn.toString(), true, newParentDn);
        return new DN(rdn, newParentDn == null ? old.getParent() : new DN(newParentDn)).toString();
    }

    /** AD only: sets or clears the ACCOUNTDISABLE bit. */
    public void setDisabled(String dn, boolean disabled) throws LDAPException {
        admin.modify(dn, new Modification(ModificationType.REPLACE, "userAccountControl", disabled ? "546" : "544"));
    }

    public void addMember(String groupDn, String memberDn) throws LDAPException {
        admin.modify(groupDn, new Modification(ModificationType.ADD, "member", memberDn));
    }

    public void removeMember(String groupDn, String memberDn) throws LDAPException {
        admin.modify(groupDn, new Modification(ModificationType.DELETE, "member", memberDn));
    }

    public void delete(String dn) throws LDAPException {
        admin.delete(dn);
    }

    /** OpenLDAP only: deletes an entry and returns the add that brings it back with its entryUUID (see {@link LabRevival}). */
    public AddRequest deleteForReAdd(String dn) throws LDAPException {
        return LabRevival.deleteForReAdd(admin, dn);
    }

    public void add(AddRequest add) throws LDAPException {
        admin.add(add);
    }

    /**
     * Brings a deleted object back with the id it had: on AD by tombstone reanimation ({@code deletedObjectGuidOrDn}
     * its objectGUID or tombstone DN, {@code newDn} null for where it was), on OpenLDAP not at all (use {@link
     * #deleteAndReAdd}). Returns the DN it has now. See {@link LabRevival}.
     */
    public String reanimate(String deletedObjectGuidOrDn, String newDn) throws LDAPException {
        if (!ad) {
            throw new UnsupportedOperationException("OpenLDAP keeps no deleted entries: use deleteAndReAdd");
        }
        return LabRevival.reanimate(admin, deletedObjectGuidOrDn, newDn);
    }

    /** OpenLDAP only: deletes the entry and adds it again with the same entryUUID; returns it. See {@link LabRevival}. */
    public String deleteAndReAdd(String dn) throws LDAPException {
        if (ad) {
            throw new UnsupportedOperationException("AD makes a new objectGUID on add: delete, then reanimate");
        }
        return LabRevival.deleteAndReAdd(admin, dn);
    }

    @Override
    public void close() {
        admin.close();
    }
}
