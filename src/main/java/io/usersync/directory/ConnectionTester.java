package io.usersync.directory;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.usersync.security.DirectoryHostAllowlist;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Connects, negotiates TLS, binds and reads the rootDSE on a fresh connection (never a pooled one:
 * the point is to try the settings), and says what kind of server answered and what it supports.
 */
@ApplicationScoped
public class ConnectionTester {
    static final String AD_CAPABILITY = "1.2.840.113556.1.4.800";
    static final String PAGED_RESULTS = "1.2.840.113556.1.4.319";
    static final String DIRSYNC = "1.2.840.113556.1.4.841";
    static final String CONTENT_SYNC = "1.3.6.1.4.1.4203.1.9.1.1";

    private final LdapConnector connector;
    private final DirectoryPools pools;

    private final DirectoryHostAllowlist allowlist;

    ConnectionTester(LdapConnector connector, DirectoryPools pools, DirectoryHostAllowlist allowlist) {
        this.connector = connector;
        this.pools = pools;
        this.allowlist = allowlist;
    }

    public ConnectionTestResult test(DirectoryConnection d) {
        NamedHosts.check(allowlist, d);
        List<LdapConnector.Attempt> attempts;
        try {
            attempts = connector.tryEach(d, pools.timeout());
        } catch (DirectoryException e) {
            throw DirectoryProblems.of(e);
        }
        List<CandidateOutcome> outcomes =
                attempts.stream().map(LdapConnector.Attempt::outcome).toList();
        LdapConnector.Attempt used =
                attempts.stream().filter(a -> a.bound() != null).findFirst().orElse(null);
        try {
            if (used == null) {
                DirectoryException first = attempts.get(0).failure();
                throw DirectoryProblems.of(
                        attempts.size() == 1
                                ? first
                                : new DirectoryException(
                                        first.category(),
                                        "no server of " + d.servers() + " could be used: " + first.getMessage(),
                                        first.adSubCode(),
                                        first,
                                        outcomes));
            }
            return describe(d, used, outcomes);
        } finally {
            attempts.stream()
                    .filter(a -> a.bound() != null)
                    .forEach(a -> a.bound().close());
        }
    }

    private ConnectionTestResult describe(
            DirectoryConnection d, LdapConnector.Attempt used, List<CandidateOutcome> outcomes) {
        LDAPConnection c = used.bound().connection();
        ServerCandidate server = used.bound().server();
        try {
            long connectedMillis = used.outcome().millis();
            long t0 = System.nanoTime();
            SearchResultEntry root = c.getEntry(
                    "",
                    "*",
                    "+",
                    "namingContexts",
                    "defaultNamingContext",
                    "supportedControl",
                    "supportedCapabilities",
                    "vendorName",
                    "vendorVersion",
                    "dnsHostName",
                    "objectClass");
            long read = System.nanoTime();
            if (root == null) {
                throw new DirectoryException(
                        FailureCategory.INSUFFICIENT_ACCESS, "the server does not show its rootDSE to this account");
            }
            Set<String> controls = set(root.getAttributeValues("supportedControl"));
            Set<String> capabilities = set(root.getAttributeValues("supportedCapabilities"));
            Set<String> objectClasses = set(root.getObjectClassValues());
            boolean ad = capabilities.contains(AD_CAPABILITY);
            String type = ad ? "ACTIVE_DIRECTORY" : objectClasses.contains("OpenLDAProotDSE") ? "OPENLDAP" : "OTHER";
            String description = ad
                    ? root.getAttributeValue("dnsHostName")
                    : join(root.getAttributeValue("vendorName"), root.getAttributeValue("vendorVersion"));
            String[] contexts = root.getAttributeValues("namingContexts");
            return new ConnectionTestResult(
                    type,
                    description,
                    new ConnectionTestResult.Server(
                            server.host(), server.port(), root.getAttributeValue("dnsHostName")),
                    outcomes,
                    tls(c.getSSLSession()),
                    contexts == null ? List.of() : List.of(contexts),
                    root.getAttributeValue("defaultNamingContext"),
                    new ConnectionTestResult.Capabilities(
                            controls.contains(PAGED_RESULTS),
                            controls.contains(DIRSYNC),
                            controls.contains(CONTENT_SYNC),
                            ad),
                    connectedMillis,
                    (read - t0) / 1_000_000);
        } catch (DirectoryException e) {
            throw DirectoryProblems.of(e);
        } catch (LDAPException e) {
            throw DirectoryProblems.of(LdapErrors.classify(e, server.hostPort(), "the root DSE"));
        }
    }

    private static ConnectionTestResult.Tls tls(SSLSession s) {
        if (s == null) {
            return null;
        }
        String subject = null;
        String issuer = null;
        OffsetDateTime notAfter = null;
        try {
            Certificate[] chain = s.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
                subject = x.getSubjectX500Principal().getName();
                issuer = x.getIssuerX500Principal().getName();
                notAfter = x.getNotAfter().toInstant().atOffset(ZoneOffset.UTC);
            }
        } catch (SSLPeerUnverifiedException e) {
            // the session has no verified peer: nothing to show
        }
        return new ConnectionTestResult.Tls(s.getProtocol(), s.getCipherSuite(), subject, issuer, notAfter);
    }

    private static Set<String> set(String[] values) {
        Set<String> s = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (values != null) {
            s.addAll(List.of(values));
        }
        return s;
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + " " + b;
    }
}
