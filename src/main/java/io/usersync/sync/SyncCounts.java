package io.usersync.sync;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a run did (or, for a dry run or a blocked run, would do). */
@Schema(name = "RunCounts")
public record SyncCounts(
        @Schema(required = true) long usersCreated,
        @Schema(required = true) long usersUpdated,
        @Schema(required = true) long usersUnchanged,
        @Schema(required = true) long usersRemoved,
        @Schema(required = true) long usersDisabled,
        @Schema(required = true) long usersSkipped,
        @Schema(required = true) long groupsCreated,
        @Schema(required = true) long groupsUpdated,
        @Schema(required = true) long groupsUnchanged,
        @Schema(required = true) long groupsRemoved,
        @Schema(required = true) long groupsSkipped,
        @Schema(required = true) long membershipsAdded,
        @Schema(required = true) long membershipsRemoved,

        @Schema(
                required = true,
                description =
                        "members from other domains of the forest (foreign security principals) that match no synced"
                                + " user or group yet, one per group and SID; each is an UNRESOLVED_MEMBER change")
        long unresolvedMembers,

        @Schema(required = true, description = "objects that collided with one this task does not own")
        long collisions,

        @Schema(required = true, description = "directory entries that could not be mapped")
        long errors,

        @Schema(
                required = true,
                description = "removed users that came back within the retention, restored under their id (RESTORED)")
        long usersRestored,

        @Schema(
                required = true,
                description =
                        "removed groups and containers that came back within the retention, restored under their id")
        long groupsRestored) {

    public static final SyncCounts NONE = new SyncCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
