package io.usersync.run;

import io.usersync.sync.RunMode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "RunRequest")
public record RunRequest(
        @Schema(description = "compute and record the change set without writing users or groups; default false")
        Boolean dryRun,

        @Schema(description = "go ahead even when the task's delete threshold would block; default false")
        Boolean allowMassDelete,

        @Schema(description = "FULL (default) or INCREMENTAL")
        RunMode mode) {

    RunMode modeOrDefault() {
        return mode == null ? RunMode.FULL : mode;
    }
}
