package io.usersync.sync;

/** How the engine ends a run. */
public enum RunEnd {
    SUCCEEDED,
    WARNING,
    FAILED,
    BLOCKED_BY_THRESHOLD,
    CANCELLED
}
