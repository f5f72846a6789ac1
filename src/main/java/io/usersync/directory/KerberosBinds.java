package io.usersync.directory;

import com.unboundid.ldap.sdk.GSSAPIBindRequest;
import com.unboundid.ldap.sdk.GSSAPIBindRequestProperties;
import com.unboundid.ldap.sdk.GSSAPIChannelBindingType;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SASLQualityOfProtection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
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
    private final int kdcTimeoutMillis;
    private final String jvmConfig;
    /** Realm to its KDCs (host:port each), as written to {@link #ownConfig}. */
    private final Map<String, List<String>> realms = new TreeMap<>();

    private Path dir;
    private Path ownConfig;
    private String lastConfigUsed;
    private boolean configChanged;

    KerberosBinds(SrvLookup dns, LdapConfig config) {
        this.dns = dns;
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
        String serviceHost = dcName != null ? dcName : server.host();
        String principal = KerberosPrincipals.of(
                d.login(), d.domain(), root == null ? null : root.getAttributeValue("defaultNamingContext"));
        String realm = principal.substring(principal.lastIndexOf('@') + 1);
        List<String> kdcs = kdcs(d, realm);
        Path keytab = null;
        try {
            GSSAPIBindRequestProperties p = new GSSAPIBindRequestProperties(principal, (String) null);
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
            if (d.hasKeytab()) {
                keytab = writeKeytab(d.keytab(), principal);
                p.setUseKeyTab(true);
                p.setKeyTabPath(keytab.toString());
            } else {
                p.setPassword(d.password() == null ? "" : d.password());
            }
            synchronized (JVM_KERBEROS) {
                String config = configFor(realm, kdcs);
                // the JDK reads this one property for its Kerberos configuration; UnboundID's "config file" is JAAS's
                System.setProperty("java.security.krb5.conf", config);
                p.setRefreshKrb5Config(!config.equals(lastConfigUsed) || configChanged);
                configChanged = false;
                lastConfigUsed = config;
                c.bind(new GSSAPIBindRequest(p));
            }
            return dcName;
        } catch (LDAPException e) {
            throw KerberosErrors.classify(e, principal, serviceHost, server.hostPort());
        } finally {
            if (keytab != null) {
                deleteQuietly(keytab);
            }
        }
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
            return List.of(addressOf(hp.host()) + ":" + hp.port());
        }
        String name = "_kerberos._tcp." + realm.toLowerCase(Locale.ROOT);
        try {
            return SrvOrder.order(dns.srv(name), ThreadLocalRandom.current()).stream()
                    .map(t -> addressOfQuietly(t.target()) + ":" + t.port())
                    .toList();
        } catch (SrvLookup.DnsFailure e) {
            return List.of();
        }
    }

    /** With the service's own DNS servers, the KDC's address from them: the JDK would ask the system's. */
    private String addressOf(String host) throws DirectoryException {
        try {
            var a = dns.address(host);
            return a == null ? host : a.getHostAddress();
        } catch (SrvLookup.DnsFailure e) {
            throw new DirectoryException(
                    FailureCategory.DNS, "the KDC " + host + " cannot be resolved: " + e.getMessage(), null, e);
        }
    }

    private String addressOfQuietly(String host) {
        try {
            return addressOf(host);
        } catch (DirectoryException e) {
            return host;
        }
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

    private Path writeKeytab(String base64, String principal) throws DirectoryException {
        byte[] bytes = Base64.getMimeDecoder().decode(base64);
        try {
            Path f = Files.createTempFile(privateDir(), "bind", ".keytab");
            Files.write(f, bytes);
            if (KeyTab.getInstance(f.toFile()).getKeys(new KerberosPrincipal(principal)).length == 0) {
                deleteQuietly(f);
                throw new DirectoryException(
                        FailureCategory.INVALID_CREDENTIALS,
                        "the keytab holds no key for " + principal
                                + ": export it for that principal (and export again after each password change)");
            }
            return f;
        } catch (IOException e) {
            throw new DirectoryException(FailureCategory.KERBEROS, "cannot write the keytab for the bind", null, e);
        } catch (IllegalArgumentException e) {
            throw new DirectoryException(
                    FailureCategory.INVALID_CREDENTIALS, "the login is not a Kerberos principal: " + e.getMessage());
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
