package io.usersync.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchScope;
import io.restassured.path.json.JsonPath;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * The incremental-sync differential test: a small tree of its own in a real directory, random
 * changes of every kind between runs, an INCREMENTAL run, then a FULL run of the same task. The full
 * run must find nothing to do and the store must be the same after both: the incremental run ended
 * exactly where a full run ends.
 */
final class DifferentialSync {
    private final LDAPConnection admin;
    private final boolean ad;
    private final Random random;
    private final long seed;
    final String root;
    final String scope;
    private final String outside;
    /** DNs as they are now; users and groups inside and outside the scope, and the scope's OUs. */
    private final List<String> users = new ArrayList<>();

    private final List<String> outsideUsers = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();
    private final List<String> ous = new ArrayList<>();
    private int counter;
    private final List<String> log = new ArrayList<>();

    DifferentialSync(LDAPConnection admin, boolean ad, String parent, long seed) throws LDAPException {
        this.admin = admin;
        this.ad = ad;
        this.seed = seed;
        this.random = new Random(seed);
        this.root = ou(
                "diff" + Long.toHexString(seed & 0xffffff)
                        + UUID.randomUUID().toString().substring(0, 6),
                parent);
        this.scope = ou("Scope", root);
        this.outside = ou("Outside", root);
        String a = ou("A", scope);
        String b = ou("B", scope);
        String a1 = ou("A1", a);
        String groupsOu = ou("Groups", scope);
        ous.addAll(List.of(a, b, a1, groupsOu));
        for (int i = 0; i < 24; i++) {
            users.add(user(List.of(a, b, a1).get(i % 3)));
        }
        for (int i = 0; i < 4; i++) {
            outsideUsers.add(user(outside));
        }
        for (int i = 0; i < 4; i++) {
            groups.add(group(groupsOu, List.of(users.get(i), users.get(i + 4), users.get(i + 8))));
        }
        // nested: g0 holds g1, g1 holds g2; g3 holds a user from outside the scope
        admin.modify(groups.get(0), add(groups.get(1)));
        admin.modify(groups.get(1), add(groups.get(2)));
        admin.modify(groups.get(3), add(outsideUsers.get(0)));
    }

    /**
     * Runs the differential test on a tree of its own below {@code parent}, with the task {@code taskForScope} creates
     * for the tree's scope, and removes the tree after. The changes are random unless -Dusersync.diff.seed names the seed a failure reported.
     */
    static void assertIncrementalMatchesFull(
            LDAPConnection admin,
            boolean ad,
            String parent,
            Function<String, String> taskForScope,
            int rounds,
            int changesPerRound)
            throws LDAPException {
        DifferentialSync diff =
                new DifferentialSync(admin, ad, parent, Long.getLong("usersync.diff.seed", System.nanoTime()));
        try {
            diff.assertIncrementalMatchesFull(taskForScope.apply(diff.scope), rounds, changesPerRound);
        } finally {
            diff.cleanUp();
        }
    }

    /** Applies n random changes and returns what they were, for a failure message. */
    List<String> randomChanges(int n) throws LDAPException {
        List<String> done = new ArrayList<>();
        while (done.size() < n) {
            String what = change(random.nextInt(14));
            if (what != null) {
                done.add(what);
                log.add(what);
            }
        }
        return done;
    }

    private String change(int kind) throws LDAPException {
        switch (kind) {
            case 0 -> {
                String ou = pick(ous);
                users.add(user(ou));
                return "add user in " + ou;
            }
            case 1 -> {
                String u = pick(users);
                admin.modify(u, new Modification(ModificationType.REPLACE, "description", "changed " + counter++));
                admin.modify(u, new Modification(ModificationType.REPLACE, "title", "Title " + counter++));
                return "modify " + u;
            }
            case 2 -> {
                String u = pick(users);
                String moved = rename(u, "User " + counter++, null);
                users.set(users.indexOf(u), moved);
                return "rename " + u + " to " + moved;
            }
            case 3 -> {
                String u = pick(users);
                String moved = rename(u, new DN(u).getRDN().getAttributeValues()[0], pick(ous));
                users.set(users.indexOf(u), moved);
                return "move " + u + " to " + moved;
            }
            case 4 -> {
                String u = pick(users);
                String moved = rename(u, new DN(u).getRDN().getAttributeValues()[0], outside);
                users.remove(u);
                outsideUsers.add(moved);
                return "move out of scope " + u;
            }
            case 5 -> {
                if (outsideUsers.isEmpty()) {
                    return null;
                }
                String u = pick(outsideUsers);
                String moved = rename(u, new DN(u).getRDN().getAttributeValues()[0], pick(ous));
                outsideUsers.remove(u);
                users.add(moved);
                return "move into scope " + u;
            }
            case 6 -> {
                String u = pick(users);
                admin.delete(u);
                users.remove(u);
                return "delete " + u;
            }
            case 7, 8 -> {
                settleRefintBeforeGroupWrite();
                String g = pick(groups);
                String u = pick(users);
                if (members(g).contains(new DN(u))) {
                    if (members(g).size() < 2) {
                        return null;
                    }
                    admin.modify(g, new Modification(ModificationType.DELETE, "member", u));
                    return "remove " + u + " from " + g;
                }
                admin.modify(g, add(u));
                return "add " + u + " to " + g;
            }
            case 9 -> {
                settleRefintBeforeGroupWrite();
                String g = pick(groups);
                String c = pick(groups);
                if (g.equals(c)) {
                    return null;
                }
                if (members(g).contains(new DN(c))) {
                    if (members(g).size() < 2) {
                        return null;
                    }
                    admin.modify(g, new Modification(ModificationType.DELETE, "member", c));
                    return "remove group " + c + " from " + g;
                }
                if (members(c).contains(new DN(g))) {
                    return null; // no cycles
                }
                admin.modify(g, add(c));
                return "nest group " + c + " in " + g;
            }
            case 10 -> {
                // an OU with children renamed: their DNs change, their entries do not
                String ou = pick(ous.subList(0, 3));
                String renamed = rename(ou, "Renamed " + counter++, null);
                replacePrefix(ou, renamed);
                return "rename OU " + ou + " to " + renamed;
            }
            case 11 -> {
                String u = pick(users);
                admin.modify(
                        u,
                        new Modification(
                                ModificationType.REPLACE,
                                ad ? "telephoneNumber" : "mail",
                                ad ? "+1 555 " + counter++ : "m" + counter++ + "@example.test"));
                return "contact change " + u;
            }
            case 12 -> {
                if (groups.size() < 3) {
                    return null;
                }
                String g = groups.get(groups.size() - 1);
                admin.delete(g);
                groups.remove(g);
                return "delete group " + g;
            }
            default -> {
                String g = group(ous.get(3), List.of(pick(users)));
                groups.add(g);
                return "add group " + g;
            }
        }
    }

    /** Rounds of changes, each followed by an incremental and then a full run, which must agree. */
    void assertIncrementalMatchesFull(String task, int rounds, int changesPerRound) throws LDAPException {
        JsonPath first = Runs.run(task, Map.of("mode", "FULL"));
        assertEquals("SUCCEEDED", first.getString("status"), first.prettify());
        for (int round = 0; round < rounds; round++) {
            List<String> changes = randomChanges(changesPerRound);
            String context = "seed " + seed + ", round " + round + ", changes:\n  " + String.join("\n  ", changes);
            JsonPath inc = Runs.run(task, Map.of("mode", "INCREMENTAL"));
            assertEquals("SUCCEEDED", inc.getString("status"), context + "\n" + inc.prettify());
            assertEquals("INCREMENTAL", inc.getString("executedMode"), context + "\n" + inc.prettify());
            List<String> afterIncremental = SyncedStore.snapshot(task);
            if (!ad) {
                settleRefint();
            }
            assertFullRunChangesNothing(task, afterIncremental, context);
        }
    }

    /**
     * A full run of the task after an incremental one: it must find nothing to do, and leave the store as the
     * incremental run did. Returns the full run.
     */
    static JsonPath assertFullRunChangesNothing(String task, List<String> afterIncremental, String context) {
        JsonPath full = Runs.run(task, Map.of("mode", "FULL"));
        assertEquals("SUCCEEDED", full.getString("status"), context + "\n" + full.prettify());
        assertEquals(
                String.join("\n", SyncedStore.snapshot(task)),
                String.join("\n", afterIncremental),
                "the store after the incremental run differs from the one after a full run; " + context);
        Map<String, Integer> counts = full.getMap("counts");
        for (String k : List.of(
                "usersCreated",
                "usersUpdated",
                "usersRemoved",
                "usersDisabled",
                "groupsCreated",
                "groupsUpdated",
                "groupsRemoved",
                "membershipsAdded",
                "membershipsRemoved")) {
            assertEquals(
                    0,
                    counts.get(k),
                    "the full run after the incremental one still had " + k + "; " + context + "\n" + full.prettify());
        }
        return full;
    }

    /**
     * A group written while refint still owes it a rewrite can keep a dangling old DN for good: refint's
     * own modification (delete the old value, add the new one) fails when the new value is there
     * already, as it is after "add the renamed user" reads the group too early. The directory is then
     * inconsistent (a full run ignores the dangling value; it still names the member), so the test's
     * group writes wait for refint; renames and deletions late in a round still reach the incremental
     * run before refint is done.
     */
    private void settleRefintBeforeGroupWrite() throws LDAPException {
        if (!ad) {
            settleRefint();
        }
    }

    /**
     * OpenLDAP's refint rewrites member values of renamed and deleted entries in a background thread
     * (on a loaded machine, seconds later). The incremental run copes (a changed group still naming a
     * renamed member's old DN means that member); the full run it is compared with must read the
     * directory after refint is done, or it would be the stale one: wait until every member value of
     * the test's groups names an entry that exists.
     */
    void settleRefint() throws LDAPException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            String dangling = null;
            for (var g : admin.search(root, SearchScope.SUB, "(objectClass=groupOfNames)", "member")
                    .getSearchEntries()) {
                for (String member :
                        g.getAttributeValues("member") == null ? new String[0] : g.getAttributeValues("member")) {
                    if (dangling == null && admin.getEntry(member, "1.1") == null) {
                        dangling = g.getDN() + " still names " + member;
                    }
                }
            }
            if (dangling == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("refint did not rewrite the member values within 20 s: " + dangling
                        + "\n" + String.join("\n", log));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<DN> members(String group) throws LDAPException {
        List<DN> out = new ArrayList<>();
        String[] values = admin.getEntry(group, "member").getAttributeValues("member");
        for (String v : values == null ? new String[0] : values) {
            out.add(new DN(v));
        }
        return out;
    }

    private String pick(List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static Modification add(String member) {
        return new Modification(ModificationType.ADD, "member", member);
    }

    private String rename(String dn, String newValue, String newParent) throws LDAPException {
        return LabChanges.renameAndMove(admin, dn, newValue, newParent);
    }

    private void replacePrefix(String oldOu, String newOu) throws LDAPException {
        DN old = new DN(oldOu);
        for (List<String> list : List.of(users, groups, ous)) {
            for (int i = 0; i < list.size(); i++) {
                DN d = new DN(list.get(i));
                if (d.isDescendantOf(old, true)) {
                    String rest = list.get(i).substring(0, list.get(i).length() - oldOu.length());
                    list.set(i, rest + newOu);
                }
            }
        }
    }

    private String ou(String name, String parent) throws LDAPException {
        String dn = (ad ? "OU=" : "ou=") + name + "," + parent;
        admin.add(new Entry(dn, new Attribute("objectClass", "top", "organizationalUnit"), new Attribute("ou", name)));
        return dn;
    }

    private String user(String parent) throws LDAPException {
        int n = counter++;
        String cn = "Diff User " + n;
        String login = "d" + Long.toHexString(seed & 0xfff) + "u" + n;
        String dn = new DN(new RDN(ad ? "CN" : "cn", cn), new DN(parent)).toString();
        List<Attribute> a = new ArrayList<>(List.of(
                new Attribute("cn", cn),
                new Attribute("sn", "User " + n),
                new Attribute("displayName", cn),
                new Attribute("title", "Specialist")));
        if (ad) {
            a.add(new Attribute("objectClass", "top", "person", "organizationalPerson", "user"));
            a.add(new Attribute("sAMAccountName", login));
            a.add(new Attribute("userAccountControl", "544"));
        } else {
            a.add(new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"));
            a.add(new Attribute("uid", login));
        }
        admin.add(new Entry(dn, a));
        return dn;
    }

    private String group(String parent, List<String> members) throws LDAPException {
        int n = counter++;
        String name = "Diff Group " + n;
        String dn = (ad ? "CN=" : "cn=") + name + "," + parent;
        Entry e = new Entry(dn, new Attribute("cn", name), new Attribute("member", members));
        if (ad) {
            e.addAttribute(new Attribute("objectClass", "top", "group"));
            e.addAttribute(new Attribute("sAMAccountName", "d" + Long.toHexString(seed & 0xfff) + "g" + n));
        } else {
            e.addAttribute(new Attribute("objectClass", "top", "groupOfNames"));
        }
        admin.add(e);
        return dn;
    }

    /** Removes the test's tree, deepest entries first. */
    void cleanUp() {
        try {
            List<String> dns = new ArrayList<>();
            admin.search(root, SearchScope.SUB, "(objectClass=*)", "1.1")
                    .getSearchEntries()
                    .forEach(e -> dns.add(e.getDN()));
            dns.sort((x, y) -> Integer.compare(
                    y.length() - y.replace(",", "").length(),
                    x.length() - x.replace(",", "").length()));
            for (String dn : dns) {
                admin.delete(dn);
            }
        } catch (LDAPException e) {
            // a leftover tree has a unique name and does not disturb other tests
        }
    }
}
