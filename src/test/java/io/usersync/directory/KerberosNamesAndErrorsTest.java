package io.usersync.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.net.ConnectException;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.Test;

class KerberosNamesAndErrorsTest {
    @Test
    void loginsBecomePrincipalsWithTheRealmInCapitals() throws DirectoryException {
        assertEquals("svc@CORP.EXAMPLE.COM", KerberosPrincipals.of("svc@corp.example.com", null, null));
        assertEquals("svc@CORP.EXAMPLE.COM", KerberosPrincipals.of("CORP\\svc", "corp.example.com", null));
        assertEquals("svc@CORP.EXAMPLE.COM", KerberosPrincipals.of("CORP\\svc", null, "DC=corp,DC=example,DC=com"));
        assertEquals("svc@EXAMPLE.TEST", KerberosPrincipals.of("svc", "example.test.", null));
        DirectoryException e =
                assertThrows(DirectoryException.class, () -> KerberosPrincipals.of("CORP\\svc", null, "O=corp"));
        assertEquals(FailureCategory.KERBEROS, e.category());
        assertTrue(e.getMessage().contains("user@REALM"), e.getMessage());
    }

    @Test
    void theServicePrincipalNamesTheDcOnlyWhenItsNameIsInTheRealm() {
        assertEquals("DC1.example.test", KerberosBinds.serviceHost("DC1.example.test", "127.0.0.1", "EXAMPLE.TEST"));
        // a rootDSE read before any authentication must not pick a service outside the realm's domain
        assertEquals("127.0.0.1", KerberosBinds.serviceHost("evil.other.test", "127.0.0.1", "EXAMPLE.TEST"));
        assertEquals("dc2.corp.test", KerberosBinds.serviceHost(null, "dc2.corp.test", "CORP.TEST"));
    }

    static LDAPException jaas(String kerberosText) {
        LoginException cause = new LoginException(kerberosText);
        return new LDAPException(
                ResultCode.LOCAL_ERROR,
                "An error occurred while attempting to initialize the JAAS login context for GSSAPI authentication:  "
                        + "LoginException(" + kerberosText + ")",
                cause);
    }

    static FailureCategory category(LDAPException e) {
        return KerberosErrors.classify(e, "svc@EXAMPLE.TEST", "dc1.example.test", "127.0.0.1:389")
                .category();
    }

    @Test
    void kerberosErrorCodesAreCategories() {
        assertEquals(
                FailureCategory.INVALID_CREDENTIALS, category(jaas("Pre-authentication information was invalid (24)")));
        assertEquals(FailureCategory.INVALID_CREDENTIALS, category(jaas("Client not found in Kerberos database (6)")));
        assertEquals(FailureCategory.ACCOUNT_DISABLED, category(jaas("Clients credentials have been revoked (18)")));
        assertEquals(
                FailureCategory.PASSWORD_EXPIRED,
                category(jaas("Password has expired - change password to reset (23)")));
        assertEquals(FailureCategory.KERBEROS, category(jaas("Clock skew too great (37)")));
        LDAPException unreachable =
                new LDAPException(ResultCode.LOCAL_ERROR, "JAAS login failed", new LoginException("x") {
                    {
                        initCause(new ConnectException("Connection refused"));
                    }
                });
        DirectoryException e =
                KerberosErrors.classify(unreachable, "svc@EXAMPLE.TEST", "dc1.example.test", "127.0.0.1:389");
        assertEquals(FailureCategory.KERBEROS, e.category());
        assertTrue(e.getMessage().contains("KDC"), e.getMessage());
        // what the server itself answers goes the LDAP way
        assertEquals(
                FailureCategory.STRONGER_AUTH_REQUIRED,
                category(new LDAPException(
                        ResultCode.STRONG_AUTH_REQUIRED, "BindSimple: Transport encryption required.")));
    }
}
