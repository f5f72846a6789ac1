package io.usersync.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AD's bind sub-codes and socket failures map to the categories a console shows. */
class LdapErrorsTest {
    private static final String AD =
            "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data %s, v4563";

    @ParameterizedTest
    @CsvSource({
        "52e,INVALID_CREDENTIALS",
        "525,INVALID_CREDENTIALS",
        "533,ACCOUNT_DISABLED",
        "701,ACCOUNT_DISABLED",
        "775,ACCOUNT_LOCKED",
        "532,PASSWORD_EXPIRED",
        "773,PASSWORD_EXPIRED",
        "530,INSUFFICIENT_ACCESS"
    })
    void adBindSubCodes(String code, FailureCategory expected) {
        DirectoryException e = LdapErrors.classify(
                new LDAPException(ResultCode.INVALID_CREDENTIALS, String.format(AD, code)), "dc1:636");
        assertEquals(expected, e.category());
        assertEquals(code, e.adSubCode());
    }

    @Test
    void socketFailures() {
        assertEquals(
                FailureCategory.DNS,
                LdapErrors.classify(
                                new LDAPException(ResultCode.CONNECT_ERROR, "x", new UnknownHostException("nowhere")),
                                "nowhere:389")
                        .category());
        assertEquals(
                FailureCategory.CONNECTION_REFUSED,
                LdapErrors.classify(
                                new LDAPException(
                                        ResultCode.CONNECT_ERROR, "x", new ConnectException("Connection refused")),
                                "h:389")
                        .category());
        assertEquals(
                FailureCategory.TIMEOUT,
                LdapErrors.classify(new LDAPException(ResultCode.TIMEOUT, "x"), "h:389")
                        .category());
        assertEquals(
                FailureCategory.INVALID_CREDENTIALS,
                LdapErrors.classify(new LDAPException(ResultCode.INVALID_CREDENTIALS, "x"), "h:389")
                        .category());
    }

    @Test
    void aMessageAboveTheMaximumIsTooLargeNotUnreachable() {
        // the SDK's words when its reader closes the connection over one message (ERR_READ_LENGTH_EXCEEDS_MAX)
        LDAPException e = new LDAPException(
                ResultCode.SERVER_DOWN,
                "The connection to server 127.0.0.1:3389 was closed",
                new IOException("The element indicated that it required 46137344 bytes to hold the value, but this is"
                        + " larger than the maximum of 20971520 bytes that the client has been configured to accept."));
        DirectoryException d = LdapErrors.classify(e, "127.0.0.1:3389", "the entry cn=all,ou=groups,dc=example,dc=org");
        assertEquals(FailureCategory.RESPONSE_TOO_LARGE, d.category());
        assertTrue(
                d.getMessage().contains("46137344 bytes")
                        && d.getMessage().contains("20971520 bytes")
                        && d.getMessage().contains("cn=all,ou=groups,dc=example,dc=org")
                        && d.getMessage().contains("USERSYNC_LDAP_MAX_MESSAGE_SIZE"),
                d.getMessage());
    }
}
