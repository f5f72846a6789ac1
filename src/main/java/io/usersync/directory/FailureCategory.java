package io.usersync.directory;

/** Why talking to a directory failed, in terms an operator can act on. */
public enum FailureCategory {
    DNS,
    HOST_NOT_ALLOWED,
    CONNECTION_REFUSED,
    TIMEOUT,
    TLS_UNTRUSTED_CERTIFICATE,
    TLS_HOSTNAME_MISMATCH,
    TLS_HANDSHAKE,
    INVALID_CREDENTIALS,
    STRONGER_AUTH_REQUIRED,
    KERBEROS,
    ACCOUNT_DISABLED,
    ACCOUNT_LOCKED,
    PASSWORD_EXPIRED,
    INSUFFICIENT_ACCESS,
    NO_SUCH_OBJECT,
    INCOMPLETE_RESULT,
    RESPONSE_TOO_LARGE,
    OTHER
}
