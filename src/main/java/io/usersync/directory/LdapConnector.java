package io.usersync.directory;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllSSLSocketVerifier;
import com.unboundid.util.ssl.TrustAllTrustManager;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.SocketFactory;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens bound connections to a directory as a task describes it: plain, LDAPS or StartTLS, with the
 * task's trusted certificates (or the JVM's) and host-name verification unless the task turns both off.
 * Referrals are never followed (AD's domain root hands out unresolvable ones).
 */
@ApplicationScoped
public class LdapConnector {
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final int maxMessageSize;

    LdapConnector(LdapConfig config) {
        this.connectTimeout = config.connectTimeout();
        this.responseTimeout = config.responseTimeout();
        this.maxMessageSize =
                (int) Math.min(Integer.MAX_VALUE, config.maxMessageSize().asLongValue());
    }

    public LDAPConnectionOptions options() {
        LDAPConnectionOptions o = new LDAPConnectionOptions();
        o.setConnectTimeoutMillis((int) connectTimeout.toMillis());
        o.setResponseTimeoutMillis(responseTimeout.toMillis());
        o.setFollowReferrals(false);
        o.setUseSynchronousMode(false);
        o.setMaxMessageSize(maxMessageSize);
        return o;
    }

    /** Connects, negotiates TLS and binds; the caller closes the connection. */
    public LDAPConnection connect(DirectoryConnection d) throws DirectoryException {
        return connect(d, options());
    }

    /** The same with a response timeout of its own, for calls a person waits for (browse, test). */
    public LDAPConnection connect(DirectoryConnection d, Duration responseTimeout) throws DirectoryException {
        LDAPConnectionOptions o = options();
        o.setResponseTimeoutMillis(responseTimeout.toMillis());
        return connect(d, o);
    }

    /**
     * A pool of bound connections to one target (1 at first, up to {@code max}), for concurrent
     * interactive calls; new connections negotiate TLS and bind as the first one did.
     */
    public LDAPConnectionPool pool(DirectoryConnection d, Duration responseTimeout, int max) throws DirectoryException {
        // a plain first connection gets the precise failure category; the pool then makes its own
        connect(d, responseTimeout).close();
        try {
            LDAPConnectionOptions o = options();
            o.setResponseTimeoutMillis(responseTimeout.toMillis());
            Target t = target(d, o);
            SingleServerSet servers = new SingleServerSet(d.host(), d.effectivePort(), t.socketFactory(), t.options());
            LDAPConnectionPool pool = new LDAPConnectionPool(servers, bindRequest(d), 1, max, t.beforeBind(), true);
            pool.setMaxConnectionAgeMillis(Duration.ofMinutes(10).toMillis());
            return pool;
        } catch (LDAPException e) {
            throw LdapErrors.classify(e, d.host() + ":" + d.effectivePort());
        } catch (GeneralSecurityException e) {
            throw new DirectoryException(
                    FailureCategory.TLS_HANDSHAKE, "cannot set up TLS: " + e.getMessage(), null, e);
        }
    }

    private record Target(
            SocketFactory socketFactory, LDAPConnectionOptions options, PostConnectProcessor beforeBind) {}

    private static Target target(DirectoryConnection d, LDAPConnectionOptions options) throws GeneralSecurityException {
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
                verifyHostName(d, c);
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

    private LDAPConnection connect(DirectoryConnection d, LDAPConnectionOptions options) throws DirectoryException {
        String target = d.host() + ":" + d.effectivePort();
        LDAPConnection c = null;
        try {
            Target t = target(d, options);
            c = new LDAPConnection(t.socketFactory(), t.options());
            c.connect(d.host(), d.effectivePort(), (int) connectTimeout.toMillis());
            t.beforeBind().processPreAuthenticatedConnection(c);
            c.bind(bindRequest(d));
            return c;
        } catch (LDAPException e) {
            if (c != null) {
                c.close();
            }
            throw LdapErrors.classify(e, target);
        } catch (GeneralSecurityException e) {
            throw new DirectoryException(
                    FailureCategory.TLS_HANDSHAKE, "cannot set up TLS: " + e.getMessage(), null, e);
        }
    }

    /**
     * Checks that the server certificate names the host we connected to, before any credential is
     * sent, with {@link CertificateHostNames}' strict RFC 6125 rules.
     */
    private static void verifyHostName(DirectoryConnection d, LDAPConnection c) throws LDAPException {
        if (d.trustsAll() || d.effectiveSecurity() == ConnectionSecurity.NONE) {
            return;
        }
        SSLSession session = c.getSSLSession();
        boolean named = false;
        try {
            named = session != null
                    && session.getPeerCertificates().length > 0
                    && session.getPeerCertificates()[0] instanceof X509Certificate x
                    && CertificateHostNames.matches(d.host(), x);
        } catch (SSLPeerUnverifiedException e) {
            named = false;
        }
        if (!named) {
            throw new LDAPException(
                    ResultCode.CONNECT_ERROR, "hostname check: the server certificate does not name " + d.host());
        }
    }

    /** DOMAIN\\user and user@domain go to the server as they are: AD accepts both as simple-bind names. */
    private BindRequest bindRequest(DirectoryConnection d) {
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
