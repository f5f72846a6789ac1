package io.usersync.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.quarkus.test.junit.QuarkusTest;
import io.usersync.support.Runs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Account state as a real Samba AD DC keeps it: accountExpires set by an admin (and "never" by default), and a
 * lockout after bad passwords under a fine-grained password policy that applies to that one account.
 */
@QuarkusTest
class SambaAccountStateIT extends SambaSyncTest {
    private static final String OU = "OU=Account State," + SambaDc.DOMAIN_BASE;
    private static final String PSO = "usersync-lockout";
    private static final String PASSWORD = "Lock-Passw0rd!7";
    private static final long EPOCH_1601 = -11_644_473_600L;

    private static void samba(String... args) {
        List<String> command = new ArrayList<>(List.of("samba-tool"));
        command.addAll(List.of(args));
        // on the DC's own database, as an administrator on the DC would: no network authentication to set up
        command.addAll(List.of("-s", SambaDc.DIR + "/etc/smb.conf", "-H", SambaDc.DIR + "/private/sam.ldb"));
        LabServer.run(command, 60);
    }

    @AfterEach
    void removeWhatTheTestMade() {
        try (LDAPConnection admin = SambaDc.admin()) {
            for (String user : List.of("CN=expired.person," + OU, "CN=never.person," + OU, "CN=locked.person," + OU)) {
                delete(admin, user);
            }
            delete(admin, OU);
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
        try {
            samba("domain", "passwordsettings", "pso", "delete", PSO);
        } catch (IllegalStateException e) {
            // not made: the test failed before it
        }
    }

    private static void delete(LDAPConnection admin, String dn) {
        try {
            admin.delete(dn);
        } catch (LDAPException e) {
            // not there
        }
    }

    @Test
    void expiredNeverExpiringAndLockedAccounts() throws Exception {
        try (LDAPConnection admin = SambaDc.admin()) {
            admin.add(new Entry(OU, new Attribute("objectClass", "top", "organizationalUnit")));
        }
        for (String user : List.of("expired.person", "never.person", "locked.person")) {
            samba("user", "create", user, PASSWORD, "--userou=OU=Account State");
        }
        Instant expired = Instant.parse("2025-03-31T22:00:00Z");
        try (LDAPConnection admin = SambaDc.admin()) {
            admin.modify(
                    "CN=expired.person," + OU,
                    new Modification(
                            ModificationType.REPLACE,
                            "accountExpires",
                            Long.toString((expired.getEpochSecond() - EPOCH_1601) * 10_000_000L)));
        }
        samba(
                "domain",
                "passwordsettings",
                "pso",
                "create",
                PSO,
                "10",
                "--account-lockout-threshold=2",
                "--account-lockout-duration=30",
                "--reset-account-lockout-after=30");
        samba("domain", "passwordsettings", "pso", "apply", PSO, "locked.person");
        for (int i = 0; i < 3; i++) {
            assertThrows(
                    LDAPException.class,
                    () -> new LDAPConnection("127.0.0.1", 389, "locked.person@example.test", "wrong-" + PASSWORD)
                            .close());
        }

        Map<String, Object> body = localDirectoryTask(
                "state", "ACTIVE_DIRECTORY", 636, "LDAPS", SambaDc.LOGIN, SambaDc.PASSWORD, List.of(OU));
        directoryOf(body).put("trustedCertificatesPem", dc.caPem);
        String task = createTask(body);
        Runs.succeeded(task);

        Map<String, Object> expiredUser = syncedUser(task, "expired.person");
        assertEquals("EXPIRED", expiredUser.get("state"));
        assertEquals(expired.toString(), expiredUser.get("accountExpiresAt"));
        Map<String, Object> never = syncedUser(task, "never.person");
        assertEquals("ACTIVE", never.get("state"));
        assertNull(never.get("accountExpiresAt"), "Samba writes the largest value for never");
        assertEquals(false, never.get("locked"));
        Map<String, Object> locked = syncedUser(task, "locked.person");
        assertEquals(true, locked.get("locked"), locked.toString());
        assertNotNull(locked.get("lockedOutAt"));
        assertEquals("ACTIVE", locked.get("state"), "a lockout is not a state: it passes by itself");
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) never.get("attributes");
        assertNotNull(Instant.parse((String) attributes.get("whenCreated")));
        assertNotNull(Instant.parse((String) attributes.get("pwdLastSet")));
    }
}
