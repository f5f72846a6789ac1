package io.usersync.group;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
        name = "UserGroup",
        description =
                "A node of the user-group tree. Synced containers and directory groups carry the owning task and directory ids.")
public record UserGroupDto(
        @Schema(required = true) UUID id,

        @Schema(description = "null only for the root group All")
        UUID parentId,

        @Schema(required = true) String name,
        String description,
        @Schema(required = true) UserGroup.Kind kind,

        @Schema(description = "the sync task that owns this group; null for groups made by hand")
        UUID taskId,

        @Schema(description = "the directory object's stable id (objectGUID or entryUUID)")
        String externalId,

        @Schema(description = "the directory object's DN when it was last synced")
        String dn,

        @Schema(
                description = "set on a removed group (a tombstone, listed only with include=removed): when it was"
                        + " removed. It is restored under the same id if it comes back within the retention")
        OffsetDateTime removedAt,

        @Schema(description = "the run that removed it, if a run did")
        UUID removedByRunId,

        @Schema(description = "who removed it through the API, if a person did")
        String removedBy,

        @Schema(description = "when the retention purged it (USERSYNC_PURGE_MODE ANONYMIZE keeps the row)")
        OffsetDateTime purgedAt,

        @Schema(required = true) OffsetDateTime createdAt,
        @Schema(required = true) OffsetDateTime updatedAt) {

    static UserGroupDto of(UserGroup g) {
        return new UserGroupDto(
                g.id,
                g.parentId,
                g.name,
                g.description,
                g.kind,
                g.taskId,
                g.externalId,
                g.dn,
                g.removedAt,
                g.removedByRunId,
                g.removedBy,
                g.purgedAt,
                g.createdAt,
                g.updatedAt);
    }
}
