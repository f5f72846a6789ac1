package io.usersync.run;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
        name = "ObjectSyncResult",
        description = "A run of mode OBJECT: the object's change (null when nothing changed), every change record of"
                + " the run, and how it decided")
public record ObjectSyncResult(
        @Schema(required = true) RunDto run,

        @Schema(description = "the object's own change record; null when it is unchanged or out of reach")
        RunChangeDto change,

        @Schema(required = true) List<RunChangeDto> changes,

        @Schema(
                required = true,
                description = "found at, inside which base DN, filter, collision, action and fields, memberships")
        List<String> trace) {}
