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
                g.createdAt,
                g.updatedAt);
    }
}
