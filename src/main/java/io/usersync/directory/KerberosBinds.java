package io.usersync.directory;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import jakarta.enterprise.context.ApplicationScoped;

/** Kerberos (SASL GSSAPI) binds. */
@ApplicationScoped
public class KerberosBinds {
    /** Binds and returns the server's dnsHostName. */
    String bind(LDAPConnection c, DirectoryConnection d, ServerCandidate server)
            throws LDAPException, DirectoryException {
        throw new DirectoryException(FailureCategory.KERBEROS, "not yet");
    }
}
