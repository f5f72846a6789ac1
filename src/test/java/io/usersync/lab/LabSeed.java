package io.usersync.lab;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeds a lab directory: nested OUs, users with non-ASCII names and a DN that needs escaping,
 * disabled accounts (AD), nested groups and one group of more than 1,500 members; on AD also a
 * computer and a contact that a sync must leave out. Deterministic for a given size.
 */
public final class LabSeed {
    public static final int DEFAULT_USERS = 1600;
    private static final String[][] NAMES = {
        {"Ján", "Novák"},
        {"Zoë", "Müller"},
        {"Łukasz", "Wiśniewski"},
        {"Ærin", "Østergaard"},
        {"Ada", "Lovelace"},
        {"Grace", "Hopper"},
        {"Alan", "Turing"},
        {"Çağla", "Yılmaz"},
        {"Jiří", "Dvořák"},
        {"Björn", "Ståhl"}
    };

    public record Summary(
            String base,
            int users,
            int disabled,
            String bigGroupDn,
            String escapedUserDn,
            String platformDn,
            String salesDn) {}

    private LabSeed() {}

    public static Summary openLdap(LDAPConnection c, String base, int users) throws LDAPException {
        return seed(c, base, users, false);
    }

    public static Summary activeDirectory(LDAPConnection c, String base, int users) throws LDAPException {
        return seed(c, base, users, true);
    }

    private static Summary seed(LDAPConnection c, String base, int users, boolean ad) throws LDAPException {
        String people = "OU=People," + base;
        String sales = "OU=Sales," + people;
        String engineering = "OU=Engineering," + people;
        String platform = "OU=Platform," + engineering;
        String groups = "OU=Groups," + base;
        for (String ou : List.of(base, people, sales, engineering, platform, groups)) {
            c.add(new Entry(
                    ou,
                    new Attribute("objectClass", "top", "organizationalUnit"),
                    new Attribute("ou", ou.substring(3, ou.indexOf(',')))));
        }
        String[] homes = {sales, engineering, platform};
        List<String> all = new ArrayList<>();
        List<String> platformUsers = new ArrayList<>();
        List<String> engineeringUsers = new ArrayList<>();
        List<String> salesUsers = new ArrayList<>();
        int disabled = 0;
        String escaped = null;
        for (int i = 0; i < users; i++) {
            String[] n = NAMES[i % NAMES.length];
            String given = n[0];
            String family = n[1] + " " + (i + 1);
            String cn = i == 4 ? family + ", " + given : given + " " + family;
            String home = homes[i % homes.length];
            String dn = new DN(new RDN(ad ? "CN" : "cn", cn), new DN(home)).toString();
            String login = "u" + String.format("%05d", i + 1);
            boolean off = ad && i % 97 == 3;
            List<Attribute> a = new ArrayList<>(List.of(
                    new Attribute("cn", cn),
                    new Attribute("givenName", given),
                    new Attribute("sn", family),
                    new Attribute("displayName", given + " " + family),
                    new Attribute("mail", login + "@example.test"),
                    new Attribute("telephoneNumber", "+421 2 5555 " + (1000 + i)),
                    new Attribute("title", i % 10 == 0 ? "Team Lead" : "Specialist")));
            if (ad) {
                a.add(new Attribute("objectClass", "top", "person", "organizationalPerson", "user"));
                a.add(new Attribute("sAMAccountName", login));
                a.add(new Attribute("userPrincipalName", login + "@example.test"));
                a.add(new Attribute("department", home.substring(3, home.indexOf(','))));
                // 544: normal account that needs no password (so none is set over LDAP); 546: the same, disabled
                a.add(new Attribute("userAccountControl", off ? "546" : "544"));
            } else {
                a.add(new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"));
                a.add(new Attribute("uid", login));
                a.add(new Attribute("departmentNumber", home.substring(3, home.indexOf(','))));
            }
            c.add(new Entry(dn, a));
            if (off) {
                disabled++;
            }
            if (i == 4) {
                escaped = dn;
            }
            all.add(dn);
            (home.equals(platform) ? platformUsers : home.equals(sales) ? salesUsers : engineeringUsers).add(dn);
        }
        String platformTeam = group(c, ad, "Platform Team", groups, platformUsers);
        List<String> eng = new ArrayList<>(engineeringUsers);
        eng.add(platformTeam);
        String engineers = group(c, ad, "Engineers", groups, eng);
        String salesTeam = group(c, ad, "Sales Team", groups, salesUsers);
        group(c, ad, "Everyone", groups, List.of(engineers, salesTeam));
        String big = group(c, ad, "All Staff", groups, all);
        if (ad) {
            c.add(new Entry(
                    "CN=WS-0001," + engineering,
                    new Attribute("objectClass", "top", "person", "organizationalPerson", "user", "computer"),
                    new Attribute("sAMAccountName", "WS-0001$"),
                    new Attribute("userAccountControl", "4096")));
            c.add(new Entry(
                    "CN=External Auditor," + sales,
                    new Attribute("objectClass", "top", "person", "organizationalPerson", "contact"),
                    new Attribute("mail", "auditor@example.net")));
        }
        return new Summary(base, users, disabled, big, escaped, platform, sales);
    }

    private static String group(LDAPConnection c, boolean ad, String name, String parent, List<String> members)
            throws LDAPException {
        String dn = (ad ? "CN=" : "cn=") + name + "," + parent;
        Entry e = new Entry(
                dn,
                new Attribute("cn", name),
                new Attribute("description", name + " (lab group)"),
                new Attribute("member", members));
        if (ad) {
            e.addAttribute(new Attribute("objectClass", "top", "group"));
            e.addAttribute(new Attribute("sAMAccountName", name.replace(" ", "")));
        } else {
            e.addAttribute(new Attribute("objectClass", "top", "groupOfNames"));
        }
        c.add(e);
        return dn;
    }
}
