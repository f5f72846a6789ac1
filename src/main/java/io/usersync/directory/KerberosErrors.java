package io.usersync.directory;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a failed GSSAPI bind. The JDK reports Kerberos errors as exceptions of a package it does not
 * export, with the RFC 4120 error code in brackets at the end of the text; UnboundID wraps them as a local
 * error. What the server itself answered goes to {@link LdapErrors}.
 */
final class KerberosErrors {
    private static final Pattern KRB_CODE = Pattern.compile("\\((\\d{1,2})\\)");

    private KerberosErrors() {}

    static DirectoryException classify(LDAPException e, String principal, String serviceHost, String target) {
        if (e.getResultCode() != ResultCode.LOCAL_ERROR) {
            return LdapErrors.classify(e, target);
        }
        Throwable kdcProblem = null;
        Integer code = null;
        String text = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof PortUnreachableException
                    || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException) {
                kdcProblem = t;
            }
            String m = t.getMessage();
            if (m != null && t != e) {
                Matcher matcher = KRB_CODE.matcher(m);
                if (matcher.find() && code == null) {
                    code = Integer.valueOf(matcher.group(1));
                    text = firstLine(m);
                }
            }
        }
        if (code == null && e.getMessage() != null) {
            Matcher matcher = KRB_CODE.matcher(firstLine(e.getMessage()));
            if (matcher.find()) {
                code = Integer.valueOf(matcher.group(1));
                text = firstLine(e.getMessage());
            }
        }
        if (kdcProblem != null && code == null) {
            return new DirectoryException(
                    FailureCategory.KERBEROS,
                    "the Kerberos KDC for " + principal + " cannot be reached ("
                            + kdcProblem.getClass().getSimpleName()
                            + (kdcProblem.getMessage() == null ? "" : ": " + kdcProblem.getMessage())
                            + "): check the task's kdc, or DNS _kerberos._tcp records for the realm",
                    null,
                    e);
        }
        if (code == null) {
            return new DirectoryException(
                    FailureCategory.KERBEROS,
                    "the Kerberos bind as " + principal + " to " + target + " failed: " + firstLine(e.getMessage()),
                    null,
                    e);
        }
        return switch (code) {
            case 6, 24 ->
                new DirectoryException(
                        FailureCategory.INVALID_CREDENTIALS,
                        "the KDC refused " + principal + " (Kerberos error " + code + ": " + text
                                + "): check the login and the password or keytab (a keytab is stale after a"
                                + " password change)",
                        null,
                        e);
            case 18 ->
                new DirectoryException(
                        FailureCategory.ACCOUNT_DISABLED,
                        "the KDC says the credentials of " + principal
                                + " are revoked (Kerberos error 18): the account is disabled, expired or locked out",
                        null,
                        e);
            case 23 ->
                new DirectoryException(
                        FailureCategory.PASSWORD_EXPIRED,
                        "the password of " + principal + " has expired (Kerberos error 23): set a new one",
                        null,
                        e);
            case 37 ->
                new DirectoryException(
                        FailureCategory.KERBEROS,
                        "this service's clock and the KDC's differ by more than Kerberos allows (error 37):"
                                + " synchronise the clocks",
                        null,
                        e);
            case 7 ->
                new DirectoryException(
                        FailureCategory.KERBEROS,
                        "the KDC knows no service principal ldap/" + serviceHost
                                + " (Kerberos error 7): connect by the DC's name, or register the SPN",
                        null,
                        e);
            default ->
                new DirectoryException(
                        FailureCategory.KERBEROS,
                        "the Kerberos bind as " + principal + " failed (Kerberos error " + code + ": " + text + ")",
                        null,
                        e);
        };
    }

    /** UnboundID pastes stack traces into some messages: people get the first line only. */
    private static String firstLine(String m) {
        if (m == null) {
            return "";
        }
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(0, nl);
        return line.length() > 400 ? line.substring(0, 400) + "…" : line;
    }
}
