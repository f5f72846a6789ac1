package io.usersync.directory;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Classifies UnboundID failures into {@link FailureCategory}, decoding AD's bind sub-codes. */
public final class LdapErrors {
    private static final Pattern AD_DATA = Pattern.compile("data ([0-9a-fA-F]{2,4})");
    /** The SDK's text (ASN.1 ERR_READ_LENGTH_EXCEEDS_MAX) when it closes a connection over a message above its maximum. */
    private static final Pattern TOO_LARGE = Pattern.compile(
            "required (\\d+) bytes to hold the value, but this is larger than the maximum of (\\d+) bytes");

    private LdapErrors() {}

    public static DirectoryException classify(LDAPException e, String target) {
        return classify(e, target, null);
    }

    /**
     * @param reading what was being read when it failed ("the entry cn=...", "the search below ..."), or null;
     *                named when the answer was too large, the one failure that is about an entry
     */
    public static DirectoryException classify(LDAPException e, String target, String reading) {
        DirectoryException tooLarge = tooLarge(e, target, reading);
        if (tooLarge != null) {
            return tooLarge;
        }
        ResultCode rc = e.getResultCode();
        // a server's text is the diagnostic message; exceptions made client-side carry it as the message
        String diagnostic =
                e.getDiagnosticMessage() != null ? e.getDiagnosticMessage() : String.valueOf(e.getMessage());
        Throwable root = rootCause(e);
        if (rc == ResultCode.INVALID_CREDENTIALS) {
            Matcher m = AD_DATA.matcher(diagnostic);
            String sub = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
            return switch (sub == null ? "" : sub) {
                case "533" ->
                    new DirectoryException(
                            FailureCategory.ACCOUNT_DISABLED,
                            "the bind account is disabled (AD 533): enable it or use another account",
                            sub,
                            e);
                case "775" ->
                    new DirectoryException(
                            FailureCategory.ACCOUNT_LOCKED,
                            "the bind account is locked out (AD 775): unlock it or wait for the lockout to end",
                            sub,
                            e);
                case "532" ->
                    new DirectoryException(
                            FailureCategory.PASSWORD_EXPIRED,
                            "the bind account's password has expired (AD 532): set a new one",
                            sub,
                            e);
                case "773" ->
                    new DirectoryException(
                            FailureCategory.PASSWORD_EXPIRED,
                            "the bind account must change its password before it can bind (AD 773)",
                            sub,
                            e);
                case "701" ->
                    new DirectoryException(
                            FailureCategory.ACCOUNT_DISABLED,
                            "the bind account has expired (AD 701): extend its expiry date",
                            sub,
                            e);
                case "530", "531" ->
                    new DirectoryException(
                            FailureCategory.INSUFFICIENT_ACCESS,
                            "the bind account may not log on at this time or from this host (AD " + sub + ")",
                            sub,
                            e);
                case "525" ->
                    new DirectoryException(
                            FailureCategory.INVALID_CREDENTIALS,
                            "no such bind account (AD 525): check the login",
                            sub,
                            e);
                default ->
                    new DirectoryException(
                            FailureCategory.INVALID_CREDENTIALS,
                            "the server rejected the login or password" + (sub == null ? "" : " (AD " + sub + ")")
                                    + ": check both",
                            sub,
                            e);
            };
        }
        if (rc == ResultCode.STRONG_AUTH_REQUIRED) {
            return new DirectoryException(
                    FailureCategory.STRONGER_AUTH_REQUIRED,
                    target + " refuses simple binds on plain LDAP (strongerAuthRequired: " + diagnostic
                            + "): use LDAPS or STARTTLS as security, or bindMethod GSSAPI, which signs plain LDAP",
                    null,
                    e);
        }
        if (rc == ResultCode.INSUFFICIENT_ACCESS_RIGHTS
                || rc == ResultCode.INAPPROPRIATE_AUTHENTICATION
                || rc == ResultCode.CONFIDENTIALITY_REQUIRED) {
            return new DirectoryException(
                    FailureCategory.INSUFFICIENT_ACCESS,
                    "the server refused the operation (" + rc.getName() + "): " + diagnostic,
                    null,
                    e);
        }
        if (rc == ResultCode.NO_SUCH_OBJECT) {
            return new DirectoryException(
                    FailureCategory.NO_SUCH_OBJECT, "no such entry: " + e.getMatchedDN(), null, e);
        }
        if (rc == ResultCode.TIMEOUT
                || root instanceof SocketTimeoutException
                || rc == ResultCode.TIME_LIMIT_EXCEEDED) {
            return new DirectoryException(FailureCategory.TIMEOUT, target + " did not answer in time", null, e);
        }
        if (root instanceof UnknownHostException) {
            return new DirectoryException(
                    FailureCategory.DNS, "the host name of " + target + " cannot be resolved", null, e);
        }
        if (root instanceof ConnectException) {
            return new DirectoryException(
                    FailureCategory.CONNECTION_REFUSED,
                    target + " refused the connection: is the server running and the port right?",
                    null,
                    e);
        }
        String all = String.valueOf(e.getMessage()) + " " + String.valueOf(root.getMessage());
        if (all.toLowerCase(Locale.ROOT).contains("hostname")
                || all.contains("subject alternative name")
                || all.contains("HostNameSSLSocketVerifier")) {
            return new DirectoryException(
                    FailureCategory.TLS_HOSTNAME_MISMATCH,
                    "the server's certificate does not name " + target + ": connect by a name the certificate holds",
                    null,
                    e);
        }
        if (root instanceof CertPathValidatorException
                || root instanceof CertificateException
                || all.contains("PKIX")
                || all.contains("not trusted")) {
            return new DirectoryException(
                    FailureCategory.TLS_UNTRUSTED_CERTIFICATE,
                    "the server's certificate is not trusted: add its CA to trustedCertificatesPem",
                    null,
                    e);
        }
        if (root instanceof SSLHandshakeException || root instanceof SSLException) {
            return new DirectoryException(
                    FailureCategory.TLS_HANDSHAKE,
                    "the TLS handshake with " + target + " failed: " + root.getMessage(),
                    null,
                    e);
        }
        if (rc == ResultCode.CONNECT_ERROR || rc == ResultCode.SERVER_DOWN) {
            return new DirectoryException(
                    FailureCategory.CONNECTION_REFUSED, target + " is unreachable: " + e.getMessage(), null, e);
        }
        return new DirectoryException(FailureCategory.OTHER, rc.getName() + ": " + e.getMessage(), null, e);
    }

    /**
     * The client closed the connection because one message exceeded LDAPConnectionOptions' maximum: the
     * server is reachable, one entry is too big. The SDK reports it as SERVER_DOWN, with the reason only in the text.
     */
    private static DirectoryException tooLarge(LDAPException e, String target, String reading) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = TOO_LARGE.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return new DirectoryException(
                        FailureCategory.RESPONSE_TOO_LARGE,
                        "an LDAP message of " + m.group(1)
                                + " bytes from " + target + (reading == null ? "" : " (" + reading + ")")
                                + " is larger than the " + m.group(2)
                                + " bytes USERSYNC_LDAP_MAX_MESSAGE_SIZE allows: raise it (each"
                                + " connection may then hold about twice that in heap while it reads such an entry), or, for a group"
                                + " with very many members, set mapping.membershipSource to MEMBER_OF",
                        null,
                        e);
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }
}
