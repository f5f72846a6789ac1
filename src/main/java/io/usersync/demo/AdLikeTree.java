package io.usersync.demo;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import io.usersync.directory.ObjectIds;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A small Active-Directory-shaped tree: nested OUs, users with realistic attributes (non-ASCII
 * names, a DN that needs escaping, a disabled account), nested security groups, and the things a
 * sync must leave out (a computer, a contact). Deterministic: ids derive from the DN.
 */
public final class AdLikeTree {
    public static final String BASE = "DC=corp,DC=example,DC=com";
    public static final String DOMAIN_SID = "S-1-5-21-1004336348-1177238915-682003330";
    public static final String SERVICE_DN = "CN=svc-sync,CN=Users," + BASE;
    public static final String SERVICE_PASSWORD = "Demo-Passw0rd!";
    public static final String CORP = "OU=Corp," + BASE;
    /** The domain's NetBIOS and DNS names, for logins in the forms DOMAIN\\user and user@domain. */
    public static final String NETBIOS_DOMAIN = "CORP";

    public static final String DNS_DOMAIN = "corp.example.com";
    /** The well-known RID of Domain Users, every account's primary group unless changed. */
    public static final String DOMAIN_USERS_RID = "513";

    private static final String[][] PEOPLE = {
        {"Ján", "Novák"}, {"Zoë", "Müller"}, {"Ærin", "Østergaard"}, {"Łukasz", "Wiśniewski"},
        {"Ada", "Lovelace"}, {"Grace", "Hopper"}, {"Alan", "Turing"}, {"Margaret", "Hamilton"},
        {"Linus", "Torvalds"}, {"Barbara", "Liskov"}, {"Ken", "Thompson"}, {"Radia", "Perlman"},
        {"Tim", "Berners-Lee"}, {"Frances", "Allen"}, {"Edsger", "Dijkstra"}, {"Katherine", "Johnson"},
        {"Dennis", "Ritchie"}, {"Hedy", "Lamarr"}, {"John", "McCarthy"}, {"Adele", "Goldberg"},
        {"Björn", "Ståhl"}, {"Søren", "Kierkegaard"}, {"Ólafur", "Arnalds"}, {"Çağla", "Yılmaz"},
        {"Jiří", "Dvořák"}
    };
    private static final String[] OUS = {"Sales", "Engineering", "Finance", "Support"};

    private final List<Entry> entries = new ArrayList<>();
    private int rid = 1100;

    public static List<Entry> build(int users) {
        AdLikeTree t = new AdLikeTree();
        t.seed(users);
        return t.entries;
    }

    private void seed(int users) {
        entries.add(new Entry(
                BASE,
                new Attribute("objectClass", "top", "domain", "domainDNS"),
                new Attribute("dc", "corp"),
                guid(BASE),
                new Attribute("objectSid", ObjectIds.sidBytes(DOMAIN_SID))));
        entries.add(container("CN=Users," + BASE, "Users"));
        // every account's primary group, as in any domain: AD lists none of them among its member values
        String domainUsers = "CN=Domain Users,CN=Users," + BASE;
        entries.add(new Entry(
                domainUsers,
                new Attribute("objectClass", "top", "group"),
                new Attribute("cn", "Domain Users"),
                new Attribute("sAMAccountName", "Domain Users"),
                new Attribute("description", "All domain users"),
                new Attribute("groupType", "-2147483646"),
                guid(domainUsers),
                new Attribute("objectSid", ObjectIds.sidBytes(DOMAIN_SID + "-" + DOMAIN_USERS_RID))));
        entries.add(new Entry(
                SERVICE_DN,
                new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("cn", "svc-sync"),
                new Attribute("sAMAccountName", "svc-sync"),
                new Attribute("userPrincipalName", "svc-sync@" + DNS_DOMAIN),
                new Attribute("sAMAccountType", "805306368"),
                new Attribute("userAccountControl", "66048"),
                new Attribute("primaryGroupID", DOMAIN_USERS_RID),
                new Attribute("userPassword", SERVICE_PASSWORD),
                guid(SERVICE_DN),
                sid()));
        entries.add(ou(CORP, "Corp"));
        List<String> ouDns = new ArrayList<>();
        for (String name : OUS) {
            String dn = "OU=" + name + "," + CORP;
            entries.add(ou(dn, name));
            ouDns.add(dn);
        }
        String platform = "OU=Platform,OU=Engineering," + CORP;
        entries.add(ou(platform, "Platform"));
        ouDns.add(platform);

        List<String> userDns = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String[] p = PEOPLE[i % PEOPLE.length];
            String given = p[0];
            String family = p[1] + (i >= PEOPLE.length ? " " + (i / PEOPLE.length + 1) : "");
            // one account is named "Family, Given" as many AD shops do: its DN needs an escaped comma
            String cn = i == 4 ? family + ", " + given : given + " " + family;
            String ou = ouDns.get(i % ouDns.size());
            String dn = new DN(new RDN("CN", cn), parse(ou)).toString();
            String login = ascii(given.charAt(0) + family.replace(" ", "")).toLowerCase();
            String department = ou.substring(3, ou.indexOf(','));
            boolean disabled = i == 7;
            entries.add(new Entry(
                    dn,
                    new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                    new Attribute("cn", cn),
                    new Attribute("givenName", given),
                    new Attribute("sn", family),
                    new Attribute("displayName", given + " " + family),
                    new Attribute("sAMAccountName", login),
                    new Attribute("userPrincipalName", login + "@corp.example.com"),
                    new Attribute("mail", login + "@corp.example.com"),
                    new Attribute("telephoneNumber", String.format("+421 2 5555 %04d", i)),
                    new Attribute("physicalDeliveryOfficeName", i % 2 == 0 ? "Bratislava" : "Košice"),
                    new Attribute("title", i % 5 == 0 ? "Team Lead" : "Specialist"),
                    new Attribute("department", department),
                    new Attribute("description", "Demo user " + (i + 1)),
                    new Attribute("sAMAccountType", "805306368"),
                    new Attribute("userAccountControl", disabled ? "514" : "512"),
                    new Attribute("primaryGroupID", DOMAIN_USERS_RID),
                    guid(dn),
                    sid()));
            userDns.add(dn);
        }
        // what a sync must leave out
        String computer = "CN=WS-0001,OU=Engineering," + CORP;
        entries.add(new Entry(
                computer,
                new Attribute("objectClass", "top", "person", "organizationalPerson", "user", "computer"),
                new Attribute("cn", "WS-0001"),
                new Attribute("sAMAccountName", "WS-0001$"),
                new Attribute("sAMAccountType", "805306369"),
                new Attribute("userAccountControl", "4096"),
                guid(computer),
                sid()));
        String contact = "CN=External Auditor,OU=Finance," + CORP;
        entries.add(new Entry(
                contact,
                new Attribute("objectClass", "top", "person", "organizationalPerson", "contact"),
                new Attribute("cn", "External Auditor"),
                new Attribute("mail", "auditor@example.net"),
                guid(contact)));

        // groups: Everyone > (Sales Team, Engineers > Platform Team), members by department
        String groups = "OU=Groups," + CORP;
        entries.add(ou(groups, "Groups"));
        List<String> platformTeam = new ArrayList<>();
        List<String> engineers = new ArrayList<>();
        List<String> sales = new ArrayList<>();
        for (int i = 0; i < userDns.size(); i++) {
            String ou = ouDns.get(i % ouDns.size());
            if (ou.equals(platform)) {
                platformTeam.add(userDns.get(i));
            } else if (ou.startsWith("OU=Engineering")) {
                engineers.add(userDns.get(i));
            } else if (ou.startsWith("OU=Sales")) {
                sales.add(userDns.get(i));
            }
        }
        String platformGroup = group("CN=Platform Team," + groups, "Platform Team", platformTeam);
        engineers.add(platformGroup);
        String engineersGroup = group("CN=Engineers," + groups, "Engineers", engineers);
        String salesGroup = group("CN=Sales Team," + groups, "Sales Team", sales);
        group("CN=Everyone," + groups, "Everyone", List.of(engineersGroup, salesGroup));
    }

    private String group(String dn, String name, List<String> members) {
        Entry e = new Entry(
                dn,
                new Attribute("objectClass", "top", "group"),
                new Attribute("cn", name),
                new Attribute("sAMAccountName", name),
                new Attribute("description", name + " (demo group)"),
                new Attribute("groupType", "-2147483646"),
                guid(dn),
                sid());
        if (!members.isEmpty()) {
            e.addAttribute(new Attribute("member", members));
        }
        entries.add(e);
        return dn;
    }

    private static Entry ou(String dn, String name) {
        return new Entry(
                dn, new Attribute("objectClass", "top", "organizationalUnit"), new Attribute("ou", name), guid(dn));
    }

    private static Entry container(String dn, String name) {
        return new Entry(
                dn,
                new Attribute("objectClass", "top", "container"),
                new Attribute("cn", name),
                new Attribute("isCriticalSystemObject", "TRUE"),
                guid(dn));
    }

    /** Deterministic objectGUID: the same DN always gets the same id, so restarts keep identities. */
    public static Attribute guid(String dn) {
        return new Attribute(
                "objectGUID",
                ObjectIds.guidBytes(UUID.nameUUIDFromBytes(dn.toLowerCase().getBytes(StandardCharsets.UTF_8))));
    }

    private Attribute sid() {
        return new Attribute("objectSid", ObjectIds.sidBytes(DOMAIN_SID + "-" + rid++));
    }

    private static DN parse(String dn) {
        try {
            return new DN(dn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String ascii(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replace("Ł", "L")
                .replace("ł", "l")
                .replace("Æ", "Ae")
                .replace("æ", "ae")
                .replace("Ø", "O")
                .replace("ø", "o")
                .replace("ı", "i");
    }
}
