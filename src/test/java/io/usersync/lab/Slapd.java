package io.usersync.lab;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real OpenLDAP slapd on a free loopback port, seeded by {@link LabSeed}; one per test JVM. */
public final class Slapd {
    public static final String SUFFIX = "dc=example,dc=org";
    public static final String BASE = "ou=lab," + SUFFIX;
    public static final String SYNC_DN = "cn=sync,ou=system," + SUFFIX;
    public static final String SYNC_PASSWORD = "syncpass";
    /** An account slapd caps at 500 entries per search: the incomplete-read trap. */
    public static final String LIMITED_DN = "cn=limited,ou=system," + SUFFIX;

    public static final String LIMITED_PASSWORD = "limitedpass";

    private static Slapd instance;

    /** LDAP and StartTLS. */
    public final int port;
    /** LDAPS, with a lab-CA certificate that names only mismatch.lab.invalid: the host-name mismatch fixture. */
    public final int ldapsPort;

    public final String caPem;
    public final LabSeed.Summary seed;

    private Slapd(int port, String caPem, LabSeed.Summary seed) {
        this.port = port;
        this.ldapsPort = port + 1;
        this.caPem = caPem;
        this.seed = seed;
    }

    public static synchronized Slapd get() {
        if (instance == null) {
            LabServer.ensurePackages(true);
            String dir =
                    "/tmp/usersync-slapd-" + ProcessHandle.current().pid() + "-" + System.identityHashCode(Slapd.class);
            LabServer.stopOnExit("slapd.sh", dir);
            int port = start(dir);
            try (LDAPConnection admin = new LDAPConnection("127.0.0.1", port, "cn=admin," + SUFFIX, "secret")) {
                instance = new Slapd(
                        port,
                        Files.readString(Path.of(dir, "tls", "ca.pem")),
                        LabSeed.openLdap(admin, BASE, LabSeed.DEFAULT_USERS));
            } catch (LDAPException | IOException e) {
                throw new IllegalStateException("cannot seed slapd: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    /**
     * Ports are free when picked and may be taken by the time slapd binds them (another server of the same
     * build, a client's ephemeral port); a fresh pair is tried then, and the last failure is reported.
     */
    private static int start(String dir) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = LabServer.freePortPair();
            try {
                LabServer.run(
                        List.of(LabServer.SCRIPTS.resolve("slapd.sh").toString(), "start", dir, Integer.toString(port)),
                        60);
                return port;
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    public LDAPConnection admin() throws LDAPException {
        return new LDAPConnection("127.0.0.1", port, "cn=admin," + SUFFIX, "secret");
    }

    /** A bind account below ou=system without slapd's 500-entry cap; returns its DN. */
    public String account(String cn, String password) throws LDAPException {
        String dn = "cn=" + cn + ",ou=system," + SUFFIX;
        try (LDAPConnection c = admin()) {
            c.add(new Entry(
                    dn,
                    new Attribute("objectClass", "organizationalRole", "simpleSecurityObject"),
                    new Attribute("cn", cn),
                    new Attribute("userPassword", password)));
        }
        try (LDAPConnection c = new LDAPConnection("127.0.0.1", port, "cn=admin,cn=config", "secret")) {
            c.modify(
                    "olcDatabase={1}mdb,cn=config",
                    new Modification(
                            ModificationType.ADD,
                            "olcLimits",
                            "dn.exact=\"" + dn + "\" size=unlimited time=unlimited"));
        }
        return dn;
    }

    /**
     * Denies an account what {@code what} names (slapd's ACL syntax, e.g. {@code attrs=member} or
     * {@code dn.children="ou=x,..."}); every other account goes on to the rules that were there.
     */
    public void deny(String accountDn, String what) throws LDAPException {
        try (LDAPConnection c = new LDAPConnection("127.0.0.1", port, "cn=admin,cn=config", "secret")) {
            c.modify(
                    "olcDatabase={1}mdb,cn=config",
                    new Modification(
                            ModificationType.ADD,
                            "olcAccess",
                            "{0}to " + what + " by dn.exact=\"" + accountDn + "\" none by * break"));
        }
    }
}
