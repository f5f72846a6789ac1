package io.usersync.directory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllSSLSocketVerifier;
import com.unboundid.util.ssl.TrustAllTrustManager;

/**
 * Opens bound connections to a directory as a task describes it: plain, LDAPS or StartTLS, with the
 * task's trusted certificates (or the JVM's) and host-name verification unless the task turns both off.
 * Referrals are never followed (AD's domain root hands out unresolvable ones).
 */
@ApplicationScoped
public class LdapConnector {
    private final Duration connectTimeout;
    private final Duration responseTimeout;

    LdapConnector(@ConfigProperty(name = "usersync.ldap.connect-timeout", defaultValue = "10s") Duration connectTimeout,
            @ConfigProperty(name = "usersync.ldap.response-timeout", defaultValue = "120s") Duration responseTimeout) {
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    public LDAPConnectionOptions options() {
        LDAPConnectionOptions o = new LDAPConnectionOptions();
        o.setConnectTimeoutMillis((int) connectTimeout.toMillis());
        o.setResponseTimeoutMillis(responseTimeout.toMillis());
        o.setFollowReferrals(false);
        o.setUseSynchronousMode(false);
        return o;
    }

    /** Connects, negotiates TLS and binds; the caller closes the connection. */
    public LDAPConnection connect(DirectoryConnection d) throws DirectoryException {
        String target = d.host() + ":" + d.effectivePort();
        LDAPConnectionOptions options = options();
        LDAPConnection c = null;
        try {
            SSLContext ssl = d.effectiveSecurity() == ConnectionSecurity.NONE ? null : sslContext(d);
            options.setSSLSocketVerifier(d.trustsAll() ? TrustAllSSLSocketVerifier.getInstance()
                    : new HostNameSSLSocketVerifier(true));
            c = d.effectiveSecurity() == ConnectionSecurity.LDAPS
                    ? new LDAPConnection(ssl.getSocketFactory(), options)
                    : new LDAPConnection(options);
            c.connect(d.host(), d.effectivePort(), (int) connectTimeout.toMillis());
            if (d.effectiveSecurity() == ConnectionSecurity.STARTTLS) {
                ExtendedResult r = c.processExtendedOperation(new StartTLSExtendedRequest(ssl));
                if (r.getResultCode() != ResultCode.SUCCESS) {
                    throw new LDAPException(r);
                }
            }
            c.bind(bindRequest(d));
            return c;
        } catch (LDAPException e) {
            if (c != null) {
                c.close();
            }
            throw LdapErrors.classify(e, target);
        } catch (GeneralSecurityException e) {
            throw new DirectoryException(FailureCategory.TLS_HANDSHAKE, "cannot set up TLS: " + e.getMessage(), null, e);
        }
    }

    /** DOMAIN\\user and user@domain go to the server as they are: AD accepts both as simple-bind names. */
    private BindRequest bindRequest(DirectoryConnection d) {
        SimpleBindRequest r = new SimpleBindRequest(d.login(), d.password() == null ? "" : d.password());
        r.setResponseTimeoutMillis(connectTimeout.toMillis());
        return r;
    }

    private static SSLContext sslContext(DirectoryConnection d) throws GeneralSecurityException {
        TrustManager tm;
        if (d.trustsAll()) {
            tm = new TrustAllTrustManager();
        } else if (d.trustedCertificatesPem() != null && !d.trustedCertificatesPem().isBlank()) {
            tm = pemTrustManager(d.trustedCertificatesPem());
        } else {
            tm = JVMDefaultTrustManager.getInstance();
        }
        return new SSLUtil(tm).createSSLContext();
    }

    private static TrustManager pemTrustManager(String pem) throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            ks.load(null, null);
        } catch (java.io.IOException e) {
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
