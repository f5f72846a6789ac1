package io.usersync.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kerberos on the lab's Samba AD DC: the realm and KDC a GSSAPI bind needs, service accounts with keytabs,
 * and the DC's "ldap server require strong auth" setting. Works on {@link SambaDc}'s shared instance: a test
 * that changes the setting puts it back in {@code finally}, since every later test in the JVM sees it.
 */
public final class SambaKerberos {
    public static final String REALM = "EXAMPLE.TEST";
    public static final String KDC_HOST = "127.0.0.1";
    public static final int KDC_PORT = 88;
    /**
     * The DC's dNSHostName, which its LDAP service principal names: a bind to 127.0.0.1 must ask for a ticket to
     * this name (UnboundID's SASL client server name), since there is no ldap/127.0.0.1 principal. Nothing resolves it.
     */
    public static final String DC_HOST_NAME = "dc1.example.test";

    public static final String LDAP_SERVICE_PRINCIPAL = "ldap/" + DC_HOST_NAME + "@" + REALM;
    public static final String ADMIN_PRINCIPAL = "Administrator@" + REALM;

    /**
     * A krb5.conf for the lab realm that needs no DNS: the KDC by address, names taken as given, TCP from the first
     * request (replies carry a PAC too big for UDP: over UDP the KDC answers "response too big" and the JDK asks
     * again over TCP), and a KDC that does not answer given up after 5 s instead of the JDK's three 30 s tries.
     */
    public static final String KRB5_CONF = """
            [libdefaults]
            \tdefault_realm = EXAMPLE.TEST
            \tdns_lookup_kdc = false
            \tdns_lookup_realm = false
            \trdns = false
            \tdns_canonicalize_hostname = false
            \tudp_preference_limit = 1
            \tkdc_timeout = 5000
            \tmax_retries = 1

            [realms]
            \tEXAMPLE.TEST = {
            \t\tkdc = 127.0.0.1:88
            \t}

            [domain_realm]
            \t.example.test = EXAMPLE.TEST
            \texample.test = EXAMPLE.TEST
            """;

    /**
     * Values of Samba's "ldap server require strong auth", with what each lets through as measured on Samba 4.17.
     * Whatever the value, GSSAPI over TLS (LDAPS or StartTLS) that signs or seals is unwillingToPerform.
     */
    public enum StrongAuth {
        /** Simple binds and GSSAPI on either transport: the lab's setting unless a test changes it. */
        NO("no"),
        /**
         * Plain LDAP: simple binds fail (strongerAuthRequired), GSSAPI needs signing or sealing. TLS: simple binds,
         * and GSSAPI without signing or sealing.
         */
        ALLOW_SASL_OVER_TLS("allow_sasl_over_tls"),
        /**
         * As {@link #ALLOW_SASL_OVER_TLS}, except that GSSAPI over TLS always fails, strongerAuthRequired without
         * signing or sealing: the only GSSAPI left is plain LDAP with signing or sealing. Samba's own default.
         */
        YES("yes");

        final String value;

        StrongAuth(String value) {
            this.value = value;
        }
    }

    private final String dir;

    SambaKerberos(String dir) {
        this.dir = dir;
    }

    /** The shared DC's, started (and seeded) if it is not yet. */
    public static SambaKerberos get() {
        SambaDc.get();
        return new SambaKerberos(SambaDc.DIR);
    }

    /** {@code name@EXAMPLE.TEST}: the realm in upper case, which the JDK's Kerberos needs to find the KDC. */
    public static String principal(String sAMAccountName) {
        return sAMAccountName + "@" + REALM;
    }

    /** Adds a domain user in CN=Users with this password, or gives an existing one this password. */
    public void user(String sAMAccountName, String password) {
        samba("user", sAMAccountName, password);
    }

    /**
     * The principal's keys as they are now, as a keytab file's bytes. Changing the account's password afterwards
     * leaves the keytab stale: the KDC then refuses it as it refuses a wrong password.
     */
    public byte[] exportKeytab(String principal) {
        try {
            Path file = Files.createTempFile("usersync-lab", ".keytab");
            try {
                samba("keytab", principal, file.toString());
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sets "ldap server require strong auth" and restarts Samba (a few seconds; the setting is read only at start).
     * While it is not {@link StrongAuth#NO}, {@link SambaDc#admin()}'s simple bind on 389 fails.
     */
    public void requireStrongAuth(StrongAuth mode) {
        samba("strong-auth", mode.value);
    }

    /** Restarts Samba on its data, as a DC reboot would: open connections drop. */
    public void restart() {
        samba("restart");
    }

    private void samba(String command, String... args) {
        List<String> line =
                new ArrayList<>(List.of(LabServer.SCRIPTS.resolve("samba.sh").toString(), command, dir));
        line.addAll(List.of(args));
        LabServer.run(line, 120);
    }
}
