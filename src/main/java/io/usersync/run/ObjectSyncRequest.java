package io.usersync.run;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ObjectSyncRequest", description = "The one user or group to sync now: give dn or username")
public record ObjectSyncRequest(
        @Schema(description = "the entry's DN; a DN outside the task's scope gets a trace saying why")
        String dn,

        @Schema(description = "a user's username (the mapping's usernameAttribute), looked up below the base DNs")
        String username,

        @Schema(description = "compute and record the change without writing it; default false")
        Boolean dryRun,

        @Schema(description = "go ahead even when the task's delete threshold would block the removal; default false")
        Boolean allowMassDelete) {}
