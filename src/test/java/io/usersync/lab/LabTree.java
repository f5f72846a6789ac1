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
import com.unboundid.ldap.sdk.controls.ManageDsaITRequestControl;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A small tree of its own on the lab slapd, for a test that changes the directory: OUs, inetOrgPerson
 * users and groupOfNames groups below {@code ou=<unique>,dc=example,dc=org}, leaving the shared seed alone.
 */
public final class LabTree {
    public final String root;
    private final LDAPConnection admin;

    private LabTree(LDAPConnection admin, String root) {
        this.admin = admin;
        this.root = root;
    }

    public static LabTree on(Slapd slapd, String prefix) throws LDAPException {
        LabTree t = new LabTree(
                slapd.admin(),
                "ou=" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "," + Slapd.SUFFIX);
        t.ou(t.root);
        return t;
    }

    public String ou(String dn) throws LDAPException {
        admin.add(new Entry(
                dn,
                new Attribute("objectClass", "top", "organizationalUnit"),
                new Attribute("ou", new DN(dn).getRDN().getAttributeValues()[0])));
        return dn;
    }

    /** An OU directly below the tree's root. */
    public String childOu(String name) throws LDAPException {
        return ou("ou=" + name + "," + root);
    }

    /** A user named by cn, so that its uid (the user name) can be taken away. */
    public String user(String parentDn, String uid) throws LDAPException {
        String dn = new DN(new RDN("cn", uid), new DN(parentDn)).toString();
        admin.add(new Entry(
                dn,
                new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                new Attribute("uid", uid),
                new Attribute("cn", uid),
                new Attribute("sn", uid),
                new Attribute("mail", uid + "@example.test")));
        return dn;
    }

    public List<String> users(String parentDn, String prefix, int n) throws LDAPException {
        List<String> dns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dns.add(user(parentDn, prefix + i));
        }
        return dns;
    }

    /** An OU directly below the tree's root holding n users named prefix0, prefix1, ...; the OU's DN. */
    public String childOuWithUsers(String name, String prefix, int n) throws LDAPException {
        String ou = childOu(name);
        users(ou, prefix, n);
        return ou;
    }

    public String group(String parentDn, String cn, List<String> members) throws LDAPException {
        String dn = "cn=" + cn + "," + parentDn;
        admin.add(new Entry(
                dn,
                new Attribute("objectClass", "top", "groupOfNames"),
                new Attribute("cn", cn),
                new Attribute("member", members)));
        return dn;
    }

    public void modify(String dn, String attribute, String... values) throws LDAPException {
        admin.modify(dn, new Modification(ModificationType.REPLACE, attribute, values));
    }

    public void removeAttribute(String dn, String attribute) throws LDAPException {
        admin.modify(dn, new Modification(ModificationType.DELETE, attribute));
    }

    /** Moves an entry below another parent, keeping its RDN; returns the new DN. */
    public String move(String dn, String newParentDn) throws LDAPException {
        DN old = new DN(dn);
        admin.modifyDN(dn, old.getRDN().toString(), true, newParentDn);
        return new DN(old.getRDN(), new DN(newParentDn)).toString();
    }

    public void delete(String dn) throws LDAPException {
        admin.delete(dn);
    }

    /** Replaces an OU by a referral object pointing at the given URL; the OU's entries, all given, are deleted first. */
    public void replaceByReferral(String dn, List<String> entriesBelow, String url) throws LDAPException {
        for (String entry : entriesBelow) {
            admin.delete(entry);
        }
        admin.delete(dn);
        AddRequest add = new AddRequest(new Entry(
                dn,
                new Attribute("objectClass", "top", "referral", "extensibleObject"),
                new Attribute("ou", new DN(dn).getRDN().getAttributeValues()[0]),
                new Attribute("ref", url)));
        add.addControl(new ManageDsaITRequestControl());
        admin.add(add);
    }

    public LDAPConnection admin() {
        return admin;
    }
}
