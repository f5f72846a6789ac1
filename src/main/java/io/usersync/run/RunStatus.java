package io.usersync.run;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** WARNING: the run applied its changes but kept objects it took for gone and could not confirm gone (see the run's changes). */
@Schema(
        description =
                "WARNING: the run applied its changes but kept objects it could not confirm gone (KEPT_ON_VERIFY, or below a"
                        + " continuation reference); its failureReason and changes say which")
public enum RunStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    WARNING,
    FAILED,
    BLOCKED_BY_THRESHOLD,
    CANCELLED;

    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }
}
