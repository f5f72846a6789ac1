package io.usersync.lab;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real Samba AD domain controller on 127.0.0.1 (LDAP 389, LDAPS 636), seeded by {@link LabSeed}. */
public final class SambaDc {
    public static final String DOMAIN_BASE = "DC=example,DC=test";
    public static final String BASE = "OU=Lab," + DOMAIN_BASE;
    public static final String LOGIN = "EXAMPLE\\Administrator";
    public static final String UPN = "Administrator@example.test";
    public static final String PASSWORD = "Lab-Passw0rd!";
    public static final String DIR = "/tmp/usersync-samba";

    private static SambaDc instance;

    public final String caPem;
    public final LabSeed.Summary seed;

    private SambaDc(String caPem, LabSeed.Summary seed) {
        this.caPem = caPem;
        this.seed = seed;
    }

    public static synchronized SambaDc get() {
        if (instance == null) {
            LabServer.ensurePackages(false);
            LabServer.stopOnExit("samba.sh", DIR);
            LabServer.run(List.of(LabServer.SCRIPTS.resolve("samba.sh").toString(), "start", DIR), 180);
            try (LDAPConnection admin = admin()) {
                LabSeed.Summary seed = LabSeed.activeDirectory(admin, BASE, LabSeed.DEFAULT_USERS);
                instance = new SambaDc(Files.readString(Path.of(DIR, "tls", "ca.pem")), seed);
            } catch (LDAPException | IOException e) {
                throw new IllegalStateException("cannot seed Samba: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    public static LDAPConnection admin() throws LDAPException {
        return new LDAPConnection("127.0.0.1", 389, UPN, PASSWORD);
    }
}
