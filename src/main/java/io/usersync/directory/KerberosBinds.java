package io.usersync.directory;

import com.unboundid.ldap.sdk.GSSAPIBindRequest;
import com.unboundid.ldap.sdk.GSSAPIBindRequestProperties;
import com.unboundid.ldap.sdk.GSSAPIChannelBindingType;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SASLQualityOfProtection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.usersync.security.DirectoryHostAllowlist;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;

/**
 * Kerberos (SASL GSSAPI) binds with a password or a keytab. The JDK's Kerberos configuration is one per
 * JVM, so the service writes its own krb5.conf holding every realm it has been asked for, with the KDCs
 * a task names or DNS gives, and binds one at a time, reloading the configuration only when it changed.
 * A realm with no KDC from either is left to the JVM's own krb5.conf. Keytabs are written to a private
 * file for the bind only, then deleted. The ticket cache is never used: it would bind as whoever ran kinit.
 */
@ApplicationScoped
public class KerberosBinds {
    private static final Object JVM_KERBEROS = new Object();

    private final SrvLookup dns;
    private final DirectoryHostAllowlist allowlist;
    private final long bindTimeoutMillis;
    private final int kdcTimeoutMillis;
    private final String jvmConfig;
    /** Realm to its KDCs (host:port each), as written to {@link #ownConfig}. */
    private final Map<String, List<String>> realms = new TreeMap<>();

    private Path dir;
    private Path ownConfig;
    private String lastConfigUsed;
    private boolean configChanged;

    KerberosBinds(SrvLookup dns, LdapConfig config, DirectoryHostAllowlist allowlist) {
        this.dns = dns;
        this.allowlist = allowlist;
        this.bindTimeoutMillis = config.connectTimeout().toMillis();
        this.kdcTimeoutMillis = (int) Math.max(1000, config.connectTimeout().toMillis());
        String given = System.getProperty("java.security.krb5.conf");
        this.jvmConfig = given != null ? given : "/etc/krb5.conf";
    }

    /**
     * Binds {@code c}, connected and past any TLS, and returns the server's dnsHostName: the name the DC's
     * LDAP service principal has, read from the rootDSE before binding (AD shows it to anyone).
     */
    String bind(LDAPConnection c, DirectoryConnection d, ServerCandidate server)
            throws LDAPException, DirectoryException {
        SearchResultEntry root = rootDse(c);
        String dcName = root == null ? null : root.getAttributeValue("dnsHostName");
        String principal = KerberosPrincipals.of(
                d.login(), d.domain(), root == null ? null : root.getAttributeValue("defaultNamingContext"));
        String realm = principal.substring(principal.lastIndexOf('@') + 1);
        String serviceHost = serviceHost(dcName, server.host(), realm);
        List<String> kdcs = kdcs(d, realm);
        Path keytab = null;
        try {
            GSSAPIBindRequestProperties p = new GSSAPIBindRequestProperties(principal, (String) null);
            p.setEnableGSSAPIDebugging(false);
            p.setSASLClientServerName(serviceHost);
            p.setServicePrincipalProtocol("ldap");
            p.setUseTicketCache(false);
            p.setRequireCachedCredentials(false);
            if (d.effectiveSecurity() == ConnectionSecurity.NONE) {
                // AD refuses simple and unsigned binds on plain LDAP once it requires signing: sign at least
                p.setAllowedQoP(SASLQualityOfProtection.AUTH_CONF, SASLQualityOfProtection.AUTH_INT);
            } else {
                // over TLS, AD refuses a SASL layer of its own; it may require the TLS channel bound into the bind
                p.setAllowedQoP(SASLQualityOfProtection.AUTH);
                p.setChannelBindingType(GSSAPIChannelBindingType.TLS_SERVER_END_POINT);
            }
            synchronized (JVM_KERBEROS) {
                if (d.hasKeytab()) {
                    // under the lock: binds with the same keytab share its file
                    keytab = writeKeytab(d.keytab(), principal);
                    p.setUseKeyTab(true);
                    p.setKeyTabPath(keytab.toString());
                } else {
                    p.setPassword(d.password() == null ? "" : d.password());
                }
                String config = configFor(realm, kdcs);
                // the JDK reads this one property for its Kerberos configuration; UnboundID's "config file" is JAAS's
                System.setProperty("java.security.krb5.conf", config);
                p.setRefreshKrb5Config(!config.equals(lastConfigUsed) || configChanged);
                configChanged = false;
                lastConfigUsed = config;
                GSSAPIBindRequest request = new GSSAPIBindRequest(p);
                // the bind runs under the JVM-wide lock: a DC that does not answer must not hold every other bind
                request.setResponseTimeoutMillis(bindTimeoutMillis);
                c.bind(request);
            }
            return dcName;
        } catch (LDAPException e) {
            throw KerberosErrors.classify(e, principal, serviceHost, server.hostPort());
        } finally {
            if (keytab != null) {
                synchronized (JVM_KERBEROS) {
                    deleteQuietly(keytab);
                }
            }
        }
    }

    /**
     * The host the DC's LDAP service principal names: its rootDSE dnsHostName when that lies in the realm's
     * DNS domain (before a bind, on plain LDAP, anyone in the path could name another service whose key they
     * hold), else the host connected to.
     */
    static String serviceHost(String dcName, String connectedHost, String realm) {
        String domain = realm.toLowerCase(Locale.ROOT);
        if (dcName != null && dcName.toLowerCase(Locale.ROOT).endsWith("." + domain)) {
            return dcName;
        }
        return connectedHost;
    }

    private static SearchResultEntry rootDse(LDAPConnection c) {
        try {
            return c.getEntry("", "dnsHostName", "defaultNamingContext");
        } catch (LDAPException e) {
            return null; // not shown before a bind: the host connected to names the service instead
        }
    }

    /** The task's KDC, else the realm's from DNS (_kerberos._tcp), else none: the JVM's krb5.conf decides. */
    private List<String> kdcs(DirectoryConnection d, String realm) throws DirectoryException {
        if (d.kdc() != null && !d.kdc().isBlank()) {
            HostPort hp = HostPort.parse(d.kdc(), 88);
            return List.of(kdcAddress(hp.host(), hp.port()));
        }
        String name = "_kerberos._tcp." + realm.toLowerCase(Locale.ROOT);
        List<SrvTarget> records;
        try {
            records = SrvOrder.order(dns.srv(name), ThreadLocalRandom.current());
        } catch (SrvLookup.DnsFailure e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        DirectoryException refused = null;
        for (SrvTarget t : records) {
            try {
                out.add(kdcAddress(t.target(), t.port()));
            } catch (DirectoryException e) {
                refused = e;
            }
        }
        if (out.isEmpty() && refused != null) {
            throw refused;
        }
        return out;
    }

    /**
     * A KDC as krb5.conf names it, by the address the allowlist judged (the JDK would resolve the name again,
     * with the system's resolver); IPv6 in brackets.
     */
    private String kdcAddress(String host, int port) throws DirectoryException {
        InetAddress address;
        try {
            InetAddress own = dns.address(host);
            address = own != null ? own : InetAddress.getByName(host);
        } catch (SrvLookup.DnsFailure | UnknownHostException e) {
            throw new DirectoryException(
                    FailureCategory.DNS, "the KDC " + host + " cannot be resolved: " + e.getMessage(), null, e);
        }
        if (!allowlist.permits(host, List.of(address))) {
            throw new DirectoryException(
                    FailureCategory.HOST_NOT_ALLOWED,
                    "the KDC " + host + " is not on this server's allowlist for directory connections"
                            + " (USERSYNC_DIRECTORY_HOST_ALLOWLIST)");
        }
        String a = address.getHostAddress();
        return (a.contains(":") ? "[" + a + "]" : a) + ":" + port;
    }

    /** The configuration file for this bind: the service's own when it knows the realm's KDCs, else the JVM's. */
    private String configFor(String realm, List<String> kdcs) {
        if (kdcs.isEmpty() && !realms.containsKey(realm)) {
            return jvmConfig;
        }
        if (!kdcs.isEmpty() && !kdcs.equals(realms.get(realm))) {
            realms.put(realm, kdcs);
            writeConfig();
        }
        return ownConfig.toString();
    }

    private void writeConfig() {
        StringBuilder s = new StringBuilder();
        s.append("[libdefaults]\n")
                .append("\tdns_lookup_kdc = false\n\tdns_lookup_realm = false\n")
                // names as the task and the DC give them: no reverse lookups that would pick other principals
                .append("\trdns = false\n\tdns_canonicalize_hostname = false\n")
                // AD's tickets carry a PAC too large for UDP: ask over TCP from the start
                .append("\tudp_preference_limit = 1\n")
                .append("\tkdc_timeout = ")
                .append(kdcTimeoutMillis)
                .append("\n\tmax_retries = 1\n\n[realms]\n");
        realms.forEach((realm, kdcs) -> {
            s.append('\t').append(realm).append(" = {\n");
            kdcs.forEach(k -> s.append("\t\tkdc = ").append(k).append('\n'));
            s.append("\t}\n");
        });
        s.append("\n[domain_realm]\n");
        realms.keySet().forEach(realm -> {
            String domain = realm.toLowerCase(Locale.ROOT);
            s.append('\t')
                    .append('.')
                    .append(domain)
                    .append(" = ")
                    .append(realm)
                    .append('\n');
            s.append('\t').append(domain).append(" = ").append(realm).append('\n');
        });
        try {
            Path tmp = privateDir().resolve("krb5.conf.tmp");
            Files.writeString(tmp, s);
            Path target = privateDir().resolve("krb5.conf");
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            ownConfig = target;
            configChanged = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the service's krb5.conf", e);
        }
    }

    /**
     * The keytab as a file for the bind, named by its content's hash: the JDK keeps every keytab file it
     * read (and UnboundID a JAAS file per keytab path) for the life of the JVM, so a name per bind would
     * pile them up. The caller deletes it after the bind.
     */
    private Path writeKeytab(String base64, String principal) throws DirectoryException {
        byte[] bytes = Base64.getMimeDecoder().decode(base64);
        Path f = null;
        boolean keep = false;
        try {
            f = privateDir()
                    .resolve(HexFormat.of()
                                    .formatHex(
                                            MessageDigest.getInstance("SHA-256").digest(bytes)) + ".keytab");
            Files.write(f, bytes);
            if (KeyTab.getInstance(f.toFile()).getKeys(new KerberosPrincipal(principal)).length == 0) {
                throw new DirectoryException(
                        FailureCategory.INVALID_CREDENTIALS,
                        "the keytab holds no key for " + principal
                                + ": export it for that principal (and export again after each password change)");
            }
            keep = true;
            return f;
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new DirectoryException(FailureCategory.KERBEROS, "cannot write the keytab for the bind", null, e);
        } catch (IllegalArgumentException e) {
            throw new DirectoryException(
                    FailureCategory.INVALID_CREDENTIALS, "the login is not a Kerberos principal: " + e.getMessage());
        } finally {
            if (!keep && f != null) {
                deleteQuietly(f);
            }
        }
    }

    private synchronized Path privateDir() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory(
                    "usersync-kerberos",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return dir;
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // the private directory goes at shutdown
        }
    }

    @PreDestroy
    synchronized void removeFiles() {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            files.forEach(KerberosBinds::deleteQuietly);
        } catch (IOException e) {
            // nothing more to do
        }
        deleteQuietly(dir);
    }
}
