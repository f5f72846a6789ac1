package io.usersync.lab;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two OpenLDAP providers replicating each other (multi-provider syncrepl, serverIDs 1 and 2) on free loopback
 * ports, configured as {@link Slapd} is; provider 1 is seeded by {@link LabSeed} and provider 2 takes everything,
 * the suffix included, from it. Each provider also serves LDAPS on its port + 1.
 *
 * <p>A content sync cookie names the provider that gave it ({@code sid=}) and the contextCSN values; either
 * provider continues from the other's cookie with just the changes, from its session log. That log is kept in
 * memory: after {@link #startAgain} a provider answers cookies older than its restart with a present phase.
 */
public final class SlapdPair implements AutoCloseable {
    private static final AtomicInteger PAIRS = new AtomicInteger();
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    private final String[] dirs;
    private final int[] ports;
    private final boolean[] running = {true, true};
    public final LabSeed.Summary seed;

    private SlapdPair(String[] dirs, int[] ports, LabSeed.Summary seed) {
        this.dirs = dirs;
        this.ports = ports;
        this.seed = seed;
    }

    /** {@link #start(int, boolean)} with {@link LabSeed#DEFAULT_USERS}, written through both providers. */
    public static SlapdPair start() {
        return start(LabSeed.DEFAULT_USERS, true);
    }

    /**
     * Starts both providers, seeds provider 1 with {@code users} users and waits until provider 2 has it all.
     *
     * <p>{@code writtenThroughBoth}: also one write through provider 2 (a description on ou=system), as any pair that
     * has been in service has had, so that the contextCSN, and every cookie either provider hands out, holds a CSN of
     * each serverID. A cookie without the CSN of a serverID that the contextCSN has gets a full refresh on both
     * providers, so without this write the first change made through provider 2 turns every cookie taken before it
     * into a full refresh: that case, on purpose, is {@code false}.
     */
    public static SlapdPair start(int users, boolean writtenThroughBoth) {
        LabServer.ensurePackages(true);
        String prefix = "/tmp/usersync-slapd-pair-" + ProcessHandle.current().pid() + "-" + PAIRS.incrementAndGet();
        String[] dirs = {prefix + "-1", prefix + "-2"};
        for (String dir : dirs) {
            LabServer.stopOnExit("slapd.sh", dir);
        }
        int[] ports = startBoth(dirs);
        LabSeed.Summary seed;
        try (LDAPConnection admin = adminAt(ports[0])) {
            seed = LabSeed.openLdap(admin, Slapd.BASE, users);
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot seed slapd provider 1: " + e.getMessage(), e);
        }
        SlapdPair pair = new SlapdPair(dirs, ports, seed);
        pair.awaitConverged();
        if (writtenThroughBoth) {
            try (LDAPConnection admin = pair.admin(2)) {
                admin.modify(
                        "ou=system," + Slapd.SUFFIX,
                        new Modification(ModificationType.REPLACE, "description", "written through provider 2"));
            } catch (LDAPException e) {
                throw new IllegalStateException("cannot write through slapd provider 2: " + e.getMessage(), e);
            }
            pair.awaitConverged();
        }
        return pair;
    }

    /**
     * Each provider is configured with its peer's port, so a port taken between picking and binding (see
     * {@link Slapd}) costs both a fresh start.
     */
    private static int[] startBoth(String[] dirs) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int p1 = LabServer.freePortPair();
            int p2 = LabServer.freePortPair();
            if (Math.abs(p1 - p2) < 2) {
                continue;
            }
            try {
                LabServer.run(startCommand(dirs[0], p1, 1, p2, false), 60);
                // empty: base entries loaded on both would be different entries (entryUUIDs) under the same DNs
                LabServer.run(startCommand(dirs[1], p2, 2, p1, true), 60);
                return new int[] {p1, p2};
            } catch (IllegalStateException e) {
                last = e;
                for (String dir : dirs) {
                    LabServer.run(List.of(script(), "stop", dir), 30);
                }
            }
        }
        throw last == null ? new IllegalStateException("no two free port pairs apart") : last;
    }

    private static List<String> startCommand(String dir, int port, int serverId, int peerPort, boolean empty) {
        List<String> c = new ArrayList<>(List.of(
                script(),
                "start",
                dir,
                Integer.toString(port),
                "--server-id",
                Integer.toString(serverId),
                "--peer",
                "ldap://127.0.0.1:" + peerPort));
        if (empty) {
            c.add("--empty");
        }
        return c;
    }

    private static String script() {
        return LabServer.SCRIPTS.resolve("slapd.sh").toString();
    }

    /** LDAP and StartTLS port of provider {@code i} (1 or 2); LDAPS is on the next one. */
    public int port(int i) {
        return ports[index(i)];
    }

    public String url(int i) {
        return "ldap://127.0.0.1:" + port(i);
    }

    /** The lab CA that signed provider {@code i}'s certificate (each provider has its own). */
    public String caPemPath(int i) {
        return dirs[index(i)] + "/tls/ca.pem";
    }

    public LDAPConnection admin(int i) throws LDAPException {
        return adminAt(port(i));
    }

    private static LDAPConnection adminAt(int port) throws LDAPException {
        return new LDAPConnection("127.0.0.1", port, "cn=admin," + Slapd.SUFFIX, "secret");
    }

    /** Stops provider {@code i} (its data stays, for {@link #startAgain}); its peer retries it every second. */
    public synchronized void stop(int i) {
        LabServer.run(List.of(script(), "halt", dirs[index(i)]), 30);
        running[index(i)] = false;
    }

    /** Serves provider {@code i} again from its data, on the same port; it catches up with its peer by itself. */
    public synchronized void startAgain(int i) {
        LabServer.run(List.of(script(), "resume", dirs[index(i)], Integer.toString(port(i))), 60);
        running[index(i)] = true;
    }

    /** The suffix's contextCSN values of provider {@code i}, sorted: one per serverID that has written. */
    public List<String> contextCsn(int i) throws LDAPException {
        try (LDAPConnection c = admin(i)) {
            SearchResultEntry e = c.getEntry(Slapd.SUFFIX, "contextCSN");
            String[] v = e == null ? null : e.getAttributeValues("contextCSN");
            return v == null ? List.of() : Arrays.stream(v).sorted().toList();
        }
    }

    /** Entries in the whole database of provider {@code i}, the suffix included. */
    public int entries(int i) throws LDAPException {
        try (LDAPConnection c = admin(i)) {
            SearchRequest r =
                    new SearchRequest(Slapd.SUFFIX, SearchScope.SUB, Filter.createPresenceFilter("objectClass"), "1.1");
            return c.search(r).getEntryCount();
        }
    }

    public void awaitConverged() {
        awaitConverged(CONVERGE);
    }

    /**
     * Until both providers report the same contextCSN values and hold as many entries. A contextCSN moves at the
     * end of a replicated change, and the entry count catches a provider that has taken a cookie but not yet the
     * entries of a refresh.
     */
    public void awaitConverged(Duration timeout) {
        if (!running[0] || !running[1]) {
            throw new IllegalStateException("a stopped provider does not converge");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (true) {
            try {
                List<String> a = contextCsn(1);
                List<String> b = contextCsn(2);
                if (!a.isEmpty() && a.equals(b)) {
                    int n1 = entries(1);
                    int n2 = entries(2);
                    if (n1 == n2 && Objects.equals(a, contextCsn(1))) {
                        return;
                    }
                    last = "same contextCSN " + a + " but " + n1 + " and " + n2 + " entries";
                } else {
                    last = "contextCSN " + a + " and " + b;
                }
            } catch (LDAPException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("slapd providers did not converge in " + timeout + ": " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public synchronized void close() {
        for (String dir : dirs) {
            LabServer.run(List.of(script(), "stop", dir), 30);
        }
        running[0] = false;
        running[1] = false;
    }

    private static int index(int i) {
        if (i != 1 && i != 2) {
            throw new IllegalArgumentException("provider 1 or 2, not " + i);
        }
        return i - 1;
    }
}
