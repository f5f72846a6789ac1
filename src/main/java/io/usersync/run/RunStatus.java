package io.usersync.run;

public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, BLOCKED_BY_THRESHOLD, CANCELLED;

    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }
}
