package io.usersync.task;

import io.usersync.directory.DirectoryConnection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of create and update; on update an omitted directory.password keeps the stored one. */
@Schema(name = "SyncTaskRequest")
public record SyncTaskRequest(
        @Schema(required = true, maxLength = 200)
        @NotBlank(message = "must not be blank")
        @Size(max = 200, message = "must be at most 200 characters")
        String name,

        @Size(max = 4000, message = "must be at most 4000 characters")
        String description,

        @Schema(description = "false pauses the schedule; default true")
        Boolean enabled,

        @Schema(description = "queue a run as soon as the task is created; default false")
        Boolean runImmediately,

        @Schema(required = true) @NotNull(message = "is required") @Valid
        DirectoryConnection directory,

        @Schema(required = true, description = "the user group synced groups and users land under")
        @NotNull(message = "is required")
        UUID targetGroupId,

        @Schema(required = true, description = "containers or groups to sync")
        @NotEmpty(message = "must name at least one DN")
        @Size(max = 100, message = "must name at most 100 DNs")
        List<String> baseDns,

        @Schema(description = "subtrees under baseDns to leave out")
        @Size(max = 100, message = "must name at most 100 DNs")
        List<String> excludedDns,

        @Schema(description = "leave out disabled users; default false")
        Boolean skipDisabledUsers,

        @Schema(
                description = "leave out users whose account has expired (AD's accountExpires) when they are read;"
                        + " default false")
        Boolean skipExpiredUsers,

        @Schema(description = "default SKIP") CollisionHandling collisionHandling,

        @Schema(
                description = "default DISABLE. DISABLE_THEN_REMOVE disables a user that leaves the scope and"
                        + " removes it once it has stayed away for removeAfterDays")
        UserExtinctionHandling userExtinctionHandling,

        @Schema(
                description = "with DISABLE_THEN_REMOVE: days a user stays disabled before it is removed"
                        + " (0: at the next run after it was disabled); default 30; ignored under the other"
                        + " policies",
                minimum = "0",
                maximum = "36500")
        @Min(value = 0, message = "must be 0 or more")
        @Max(value = 36500, message = "must be at most 36500")
        Integer removeAfterDays,

        @Schema(description = "default REMOVE") GroupExtinctionHandling groupExtinctionHandling,

        @Schema(description = "default 500 objects and 20%") @Valid
        DeleteThreshold deleteThreshold,

        @Valid Schedule schedule,

        @Size(max = 50, message = "must have at most 50 tags")
        List<
                        @NotBlank(message = "must not be blank")
                        @Size(max = 100, message = "must be at most 100 characters") String>
                tags) {}
