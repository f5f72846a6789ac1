package io.usersync.sync;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
        name = "RunMode",
        description = "FULL reads everything the task selects; INCREMENTAL reads what changed since the task's last"
                + " complete run, and runs full (saying why) when it has no usable watermark; OBJECT syncs one user or"
                + " group (POST /sync-tasks/{id}/objects) and never moves the incremental watermark")
public enum RunMode {
    FULL,
    INCREMENTAL,
    OBJECT
}
