package io.usersync.user;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "User")
public record UserDto(
        @Schema(required = true) UUID id,

        @Schema(description = "the sync task that owns the user; null for users created by hand")
        UUID taskId,

        @Schema(description = "objectGUID or entryUUID") String externalId,
        @Schema(description = "objectSid as S-1-5-...") String sid,

        @Schema(required = true, description = "the group the user sits in (its OU's group when synced)")
        UUID groupId,

        @Schema(required = true) String username,
        String displayName,
        String email,
        String phone,
        String office,
        String jobTitle,
        String department,
        String description,
        String dn,
        @Schema(required = true) boolean enabled,

        @Schema(required = true, description = "ACTIVE, DISABLED or EXPIRED, as of this answer")
        UserState state,

        @Schema(description = "who disabled it; null while it is enabled")
        DisabledBy disabledBy,

        @Schema(description = "when the account expires (AD's accountExpires); null: never")
        OffsetDateTime accountExpiresAt,

        @Schema(required = true, description = "whether the directory has locked the account out (AD's lockoutTime)")
        boolean locked,

        @Schema(description = "when the account was locked out; null when it is not")
        OffsetDateTime lockedOutAt,

        @Schema(required = true, description = "whether GET /users/{id}/photo has a photo (mapping.photoAttribute)")
        boolean hasPhoto,

        @Schema(
                description = "the raw mapped directory attributes; AD's pwdLastSet, whenCreated and lastLogonTimestamp"
                        + " as ISO-8601 times (a never, 0, left out)")
        Map<String, Object> attributes,

        @Schema(required = true, description = "free key/value pairs an admin sets; syncs never touch them")
        Map<String, String> customAttributes,

        @Schema(description = "on single-user reads: every group the user belongs to, its own group first")
        List<GroupRef> groups,

        @Schema(
                description = "when a run first found it gone from the task's scope and kept it (disabled under"
                        + " DISABLE or DISABLE_THEN_REMOVE, as it was under SKIP); null while it is in the scope")
        OffsetDateTime leftScopeAt,

        @Schema(
                description = "set on a removed user (a tombstone, listed only with include=removed): when it was"
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

    @Schema(name = "GroupRef")
    public record GroupRef(
            @Schema(required = true) UUID id,
            @Schema(required = true) String name,

            @Schema(required = true, description = "HOME for the user's own group, MEMBER for a membership")
            String relation) {}

    static UserDto of(AppUser u, List<GroupRef> groups) {
        return new UserDto(
                u.id,
                u.taskId,
                u.externalId,
                u.sid,
                u.groupId,
                u.username,
                u.displayName,
                u.email,
                u.phone,
                u.office,
                u.jobTitle,
                u.department,
                u.description,
                u.dn,
                u.enabled,
                UserState.of(u.enabled, u.accountExpiresAt, OffsetDateTime.now()),
                u.disabledBy,
                u.accountExpiresAt,
                u.lockedOutAt != null,
                u.lockedOutAt,
                u.photoSha256 != null,
                u.attributes,
                u.customAttributes == null ? Map.of() : u.customAttributes,
                groups,
                u.leftScopeAt,
                u.removedAt,
                u.removedByRunId,
                u.removedBy,
                u.purgedAt,
                u.createdAt,
                u.updatedAt);
    }
}
