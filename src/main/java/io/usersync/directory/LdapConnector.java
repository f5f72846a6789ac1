package io.usersync.directory;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllSSLSocketVerifier;
import com.unboundid.util.ssl.TrustAllTrustManager;
import io.usersync.security.DirectoryHostAllowlist;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.net.SocketFactory;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens bound connections to a directory as a task describes it: to the first of its servers that works,
 * plain, LDAPS or StartTLS, with the task's trusted certificates (or the JVM's) and host-name verification
 * against the name connected to unless the task turns both off, by a simple or a Kerberos bind.
 * Referrals are never followed (AD's domain root hands out unresolvable ones).
 */
@ApplicationScoped
public class LdapConnector {
    /** Failures that would be the same on every server: trying more could only lock the account out. */
    private static final Set<FailureCategory> SAME_EVERYWHERE = EnumSet.of(
            FailureCategory.INVALID_CREDENTIALS,
            FailureCategory.ACCOUNT_DISABLED,
            FailureCategory.ACCOUNT_LOCKED,
            FailureCategory.PASSWORD_EXPIRED,
            // a domain-wide policy; each further try would send the password in clear text again
            FailureCategory.STRONGER_AUTH_REQUIRED);

    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final int maxMessageSize;
    private final ServerCandidates candidates;
    private final DirectoryNameResolver names;
    private final KerberosBinds kerberos;
    private final DirectoryHostAllowlist allowlist;

    LdapConnector(
            LdapConfig config,
            ServerCandidates candidates,
            SrvLookup dns,
            KerberosBinds kerberos,
            DirectoryHostAllowlist allowlist) {
        this.connectTimeout = config.connectTimeout();
        this.responseTimeout = config.responseTimeout();
        this.maxMessageSize =
                (int) Math.min(Integer.MAX_VALUE, config.maxMessageSize().asLongValue());
        this.candidates = candidates;
        this.names = new DirectoryNameResolver(dns);
        this.kerberos = kerberos;
        this.allowlist = allowlist;
    }

    public LDAPConnectionOptions options() {
        LDAPConnectionOptions o = new LDAPConnectionOptions();
        o.setConnectTimeoutMillis((int) connectTimeout.toMillis());
        o.setResponseTimeoutMillis(responseTimeout.toMillis());
        o.setFollowReferrals(false);
        o.setUseSynchronousMode(false);
        o.setMaxMessageSize(maxMessageSize);
        o.setNameResolver(names);
        return o;
    }

    /**
     * A bound connection, the server that serves it, and what happened on the servers tried before it.
     *
     * @param dnsHostName the server's own name from its rootDSE (AD's dnsHostName), when it shows one
     */
    public record Bound(
            LDAPConnection connection, ServerCandidate server, String dnsHostName, List<CandidateOutcome> attempts)
            implements AutoCloseable {
        @Override
        public void close() {
            connection.close();
        }

        /** The servers skipped before this one, with why, for a run's record. */
        public List<String> skipped() {
            return attempts.stream()
                    .filter(a -> a.outcome() == CandidateOutcome.Outcome.FAILED)
                    .map(CandidateOutcome::summary)
                    .toList();
        }
    }

    /** Connects, negotiates TLS and binds, saying which server serves it and why those before it did not. */
    public Bound connectFirst(DirectoryConnection d) throws DirectoryException {
        return connectFirst(d, options());
    }

    /** The same with a response timeout of its own, for calls a person waits for (browse, test). */
    public Bound connectFirst(DirectoryConnection d, Duration responseTimeout) throws DirectoryException {
        LDAPConnectionOptions o = options();
        o.setResponseTimeoutMillis(responseTimeout.toMillis());
        return connectFirst(d, o);
    }

    /**
     * Tries every server in order, connecting, negotiating TLS and binding on each, and keeps the first
     * that works; for a connection test, which shows them all. The caller closes what connected.
     */
    public List<Attempt> tryEach(DirectoryConnection d, Duration responseTimeout) throws DirectoryException {
        LDAPConnectionOptions o = options();
        o.setResponseTimeoutMillis(responseTimeout.toMillis());
        List<Attempt> out = new ArrayList<>();
        String stop = null;
        for (ServerCandidate c : candidates.of(d)) {
            if (stop != null) {
                out.add(new Attempt(CandidateOutcome.notTried(c, stop), null, null));
                continue;
            }
            long t0 = System.nanoTime();
            try {
                Bound b = bind(d, c, o, List.of());
                out.add(new Attempt(CandidateOutcome.connected(c, millisSince(t0)), b, null));
            } catch (DirectoryException e) {
                out.add(new Attempt(CandidateOutcome.failed(c, e, millisSince(t0)), null, e));
                if (SAME_EVERYWHERE.contains(e.category())) {
                    stop = "not tried after " + e.category() + ": more servers would count more failed logins";
                }
            }
        }
        return out;
    }

    /** One server's try in {@link #tryEach}: the bound connection when it worked, else the failure. */
    public record Attempt(CandidateOutcome outcome, Bound bound, DirectoryException failure) {}

    /**
     * A pool of bound connections to the first server that works (1 at first, up to {@code max}), for
     * concurrent interactive calls; new connections negotiate TLS and bind as the first one did.
     */
    public LDAPConnectionPool pool(DirectoryConnection d, Duration responseTimeout, int max) throws DirectoryException {
        ServerCandidate server;
        InetAddress address;
        // a plain first connection gets the precise failure category; the pool then makes its own
        try (Bound first = connectFirst(d, responseTimeout)) {
            server = first.server();
            address = first.connection().getConnectedInetAddress();
        }
        try {
            LDAPConnectionOptions o = options();
            o.setResponseTimeoutMillis(responseTimeout.toMillis());
            if (address != null) {
                o.setNameResolver(new PinnedNameResolver(server.host(), address, names));
            }
            Target t = target(d, server, o);
            SingleServerSet servers = new SingleServerSet(server.host(), server.port(), t.socketFactory(), t.options());
            boolean gssapi = d.effectiveBindMethod() == BindMethod.GSSAPI;
            PostConnectProcessor setUp = gssapi ? kerberosAfterTls(d, server, t.beforeBind()) : t.beforeBind();
            LDAPConnectionPool pool =
                    new LDAPConnectionPool(servers, gssapi ? null : simpleBind(d), 1, max, setUp, true);
            pool.setMaxConnectionAgeMillis(Duration.ofMinutes(10).toMillis());
            return pool;
        } catch (LDAPException e) {
            throw LdapErrors.classify(e, server.hostPort());
        } catch (GeneralSecurityException e) {
            throw new DirectoryException(
                    FailureCategory.TLS_HANDSHAKE, "cannot set up TLS: " + e.getMessage(), null, e);
        }
    }

    private Bound connectFirst(DirectoryConnection d, LDAPConnectionOptions options) throws DirectoryException {
        List<ServerCandidate> servers = candidates.of(d);
        List<CandidateOutcome> attempts = new ArrayList<>();
        DirectoryException first = null;
        for (ServerCandidate c : servers) {
            long t0 = System.nanoTime();
            try {
                return bind(d, c, options, attempts);
            } catch (DirectoryException e) {
                attempts.add(CandidateOutcome.failed(c, e, millisSince(t0)));
                first = first == null ? e : first;
                if (SAME_EVERYWHERE.contains(e.category())) {
                    throw servers.size() == 1 ? e : allFailed(d, first, attempts);
                }
            }
        }
        throw servers.size() == 1 ? first : allFailed(d, first, attempts);
    }

    /** Several servers and none usable: the first one's category (the preferred server's), every reason in the text. */
    private static DirectoryException allFailed(
            DirectoryConnection d, DirectoryException first, List<CandidateOutcome> attempts) {
        return new DirectoryException(
                first.category(),
                "no server of " + d.servers() + " could be used: "
                        + String.join(
                                "; ",
                                attempts.stream().map(CandidateOutcome::summary).toList()),
                first.adSubCode(),
                first,
                attempts);
    }

    private Bound bind(
            DirectoryConnection d, ServerCandidate server, LDAPConnectionOptions options, List<CandidateOutcome> before)
            throws DirectoryException {
        List<InetAddress> addresses;
        try {
            addresses = List.of(names.getAllByName(server.host()));
        } catch (UnknownHostException e) {
            throw new DirectoryException(
                    FailureCategory.DNS, "the host name " + server.host() + " cannot be resolved", null, e);
        }
        // judged on the addresses the connection uses: a name resolved again could answer otherwise
        if (!allowlist.permits(server.host(), addresses)) {
            throw new DirectoryException(
                    FailureCategory.HOST_NOT_ALLOWED,
                    server.host() + " is not on this server's allowlist for directory connections"
                            + " (USERSYNC_DIRECTORY_HOST_ALLOWLIST)");
        }
        LDAPConnection c = null;
        boolean bound = false;
        try {
            Target t = target(d, server, options);
            c = new LDAPConnection(t.socketFactory(), t.options());
            c.connect(server.host(), addresses.get(0), server.port(), (int) connectTimeout.toMillis());
            t.beforeBind().processPreAuthenticatedConnection(c);
            String dnsHostName;
            if (d.effectiveBindMethod() == BindMethod.GSSAPI) {
                dnsHostName = kerberos.bind(c, d, server);
            } else {
                c.bind(simpleBind(d));
                dnsHostName = dnsHostName(c);
            }
            bound = true;
            return new Bound(c, server, dnsHostName, List.copyOf(before));
        } catch (LDAPException e) {
            throw LdapErrors.classify(e, server.hostPort());
        } catch (GeneralSecurityException e) {
            throw new DirectoryException(
                    FailureCategory.TLS_HANDSHAKE, "cannot set up TLS: " + e.getMessage(), null, e);
        } finally {
            if (!bound && c != null) {
                c.close();
            }
        }
    }

    /** For pooled connections: TLS and the host-name check first, then the Kerberos bind, on each new connection. */
    private PostConnectProcessor kerberosAfterTls(
            DirectoryConnection d, ServerCandidate server, PostConnectProcessor beforeBind) {
        return new PostConnectProcessor() {
            @Override
            public void processPreAuthenticatedConnection(LDAPConnection c) throws LDAPException {
                beforeBind.processPreAuthenticatedConnection(c);
                try {
                    kerberos.bind(c, d, server);
                } catch (DirectoryException e) {
                    throw new LDAPException(ResultCode.LOCAL_ERROR, e.getMessage(), e);
                }
            }

            @Override
            public void processPostAuthenticatedConnection(LDAPConnection c) {
                // bound above
            }
        };
    }

    /** The server's own name, when its rootDSE shows one; nothing when it does not (not every server does). */
    private static String dnsHostName(LDAPConnection c) {
        try {
            SearchResultEntry root = c.getEntry("", "dnsHostName");
            return root == null ? null : root.getAttributeValue("dnsHostName");
        } catch (LDAPException e) {
            return null;
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private record Target(
            SocketFactory socketFactory, LDAPConnectionOptions options, PostConnectProcessor beforeBind) {}

    private static Target target(DirectoryConnection d, ServerCandidate server, LDAPConnectionOptions options)
            throws GeneralSecurityException {
        SSLUtil ssl = d.effectiveSecurity() == ConnectionSecurity.NONE ? null : sslUtil(d);
        options.setSSLSocketVerifier(
                d.trustsAll() ? TrustAllSSLSocketVerifier.getInstance() : new HostNameSSLSocketVerifier(true));
        // UnboundID's own factory: with a bare JSSE factory the socket verifier (host-name check) never ran on LDAPS
        PostConnectProcessor startTls = d.effectiveSecurity() == ConnectionSecurity.STARTTLS
                ? new StartTLSPostConnectProcessor(ssl.createSSLContext())
                : null;
        // runs on every new connection, pooled ones included, before the bind sends the password
        PostConnectProcessor beforeBind = new PostConnectProcessor() {
            @Override
            public void processPreAuthenticatedConnection(LDAPConnection c) throws LDAPException {
                if (startTls != null) {
                    startTls.processPreAuthenticatedConnection(c);
                }
                verifyHostName(d, server.host(), c);
            }

            @Override
            public void processPostAuthenticatedConnection(LDAPConnection c) {
                // nothing after the bind
            }
        };
        return new Target(
                d.effectiveSecurity() == ConnectionSecurity.LDAPS
                        ? ssl.createSSLSocketFactory()
                        : SocketFactory.getDefault(),
                options,
                beforeBind);
    }

    /**
     * Checks that the server certificate names the host we connected to, before any credential is
     * sent, with {@link CertificateHostNames}' strict RFC 6125 rules.
     */
    private static void verifyHostName(DirectoryConnection d, String host, LDAPConnection c) throws LDAPException {
        if (d.trustsAll() || d.effectiveSecurity() == ConnectionSecurity.NONE) {
            return;
        }
        SSLSession session = c.getSSLSession();
        boolean named = false;
        try {
            named = session != null
                    && session.getPeerCertificates().length > 0
                    && session.getPeerCertificates()[0] instanceof X509Certificate x
                    && CertificateHostNames.matches(host, x);
        } catch (SSLPeerUnverifiedException e) {
            named = false;
        }
        if (!named) {
            throw new LDAPException(
                    ResultCode.CONNECT_ERROR, "hostname check: the server certificate does not name " + host);
        }
    }

    /** DOMAIN\\user and user@domain go to the server as they are: AD accepts both as simple-bind names. */
    private BindRequest simpleBind(DirectoryConnection d) {
        SimpleBindRequest r = new SimpleBindRequest(d.login(), d.password() == null ? "" : d.password());
        r.setResponseTimeoutMillis(connectTimeout.toMillis());
        return r;
    }

    private static SSLUtil sslUtil(DirectoryConnection d) throws GeneralSecurityException {
        TrustManager tm;
        if (d.trustsAll()) {
            tm = new TrustAllTrustManager();
        } else if (d.trustedCertificatesPem() != null
                && !d.trustedCertificatesPem().isBlank()) {
            tm = pemTrustManager(d.trustedCertificatesPem());
        } else {
            tm = JVMDefaultTrustManager.getInstance();
        }
        return new SSLUtil(tm);
    }

    private static TrustManager pemTrustManager(String pem) throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (Certificate cert : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            ks.setCertificateEntry("trusted-" + i++, cert);
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        return f.getTrustManagers()[0];
    }
}
