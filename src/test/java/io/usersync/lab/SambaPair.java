package io.usersync.lab;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.usersync.directory.ObjectIds;
import java.util.ArrayList;
import java.util.List;

/**
 * Two Samba AD domain controllers of one domain (src/test/lab/samba-pair.sh): DC1 on 127.0.0.2, DC2 joined to it on
 * 127.0.0.3, each with LDAP 389, LDAPS 636 and its own invocationId and USN counter. They leave the shared
 * {@link SambaDc} on 127.0.0.1 alone, but the addresses are fixed: one pair per machine at a time.
 *
 * <p>Changes reach the other DC only through {@link #replicate}, so a test decides when a DC has seen a write.
 */
public final class SambaPair implements AutoCloseable {
    public static final String BASE = "DC=pair,DC=test";
    public static final String LOGIN = "PAIR\\Administrator";
    public static final String UPN = "Administrator@pair.test";
    public static final String PASSWORD = "Lab-Passw0rd!";
    /** DC i's data is under DIR-i; the one lab CA that signed both LDAPS certificates is DIR-1/tls/ca.pem. */
    public static final String DIR = "/tmp/usersync-dcpair";

    private static final String[] HOSTS = {"127.0.0.2", "127.0.0.3"};

    private SambaPair() {}

    /** Provisions the domain on DC1, joins DC2 and starts both, from scratch; about 20 s. */
    public static SambaPair start() {
        LabServer.ensurePackages(false);
        LabServer.stopOnExit("samba-pair.sh", DIR);
        run(List.of("start", DIR), 300);
        return new SambaPair();
    }

    public String host(int i) {
        return HOSTS[index(i)];
    }

    public String caPemPath() {
        return DIR + "-1/tls/ca.pem";
    }

    public LDAPConnection admin(int i) throws LDAPException {
        return new LDAPConnection(host(i), 389, UPN, PASSWORD);
    }

    /**
     * Pulls the domain partition into DC2 from DC1, then into DC1 from DC2, and returns when both hold every change
     * made before the call. Each DC gives what it takes from the other its own USNs.
     */
    public void replicate() {
        run(List.of("replicate", DIR), 120);
    }

    /** DC {@code i}'s invocationId, as the sync records it next to a watermark. */
    public String invocationId(int i) throws LDAPException {
        try (LDAPConnection c = admin(i)) {
            RootDSE root = c.getRootDSE();
            SearchResultEntry ntds = c.getEntry(root.getAttributeValue("dsServiceName"), "invocationId");
            return ObjectIds.guid(ntds.getAttributeValueBytes("invocationId"));
        }
    }

    /** Stops DC {@code i}; its data stays, for {@link #startAgain}. */
    public void stop(int i) {
        run(List.of("stop", DIR, Integer.toString(index(i) + 1)), 30);
    }

    public void startAgain(int i) {
        run(List.of("resume", DIR, Integer.toString(index(i) + 1)), 60);
    }

    @Override
    public void close() {
        run(List.of("stop", DIR), 30);
    }

    private static void run(List<String> args, int timeoutSeconds) {
        List<String> command = new ArrayList<>();
        command.add(LabServer.SCRIPTS.resolve("samba-pair.sh").toString());
        command.addAll(args);
        LabServer.run(command, timeoutSeconds);
    }

    private static int index(int i) {
        if (i != 1 && i != 2) {
            throw new IllegalArgumentException("DC 1 or 2, not " + i);
        }
        return i - 1;
    }
}
