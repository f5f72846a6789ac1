package io.usersync.audit;

/** What an audit event records. */
public enum AuditAction {
    TASK_CREATED,
    TASK_UPDATED,
    TASK_DELETED,
    GROUP_CREATED,
    GROUP_UPDATED,
    GROUP_DELETED,
    GROUP_PURGED,
    USER_CREATED,
    USER_UPDATED,
    USER_DELETED,
    USER_PURGED,
    TOKEN_CREATED,
    TOKEN_REVOKED,
    RUN_TRIGGERED,
    RUN_CANCELLED,
    AUTHENTICATION_FAILED,
    ACCESS_DENIED
}
