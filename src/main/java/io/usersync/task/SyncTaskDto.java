package io.usersync.task;

import io.usersync.directory.AttributeMapping;
import io.usersync.directory.BindMethod;
import io.usersync.directory.ConnectionSecurity;
import io.usersync.directory.DirectoryType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A task as the API shows it: everything but the password, which only shows as passwordSet. */
@Schema(name = "SyncTask")
public record SyncTaskDto(
        @Schema(required = true) UUID id,
        @Schema(required = true) String name,
        String description,
        @Schema(required = true) boolean enabled,
        @Schema(required = true) boolean runImmediately,
        @Schema(required = true) Directory directory,
        @Schema(required = true) UUID targetGroupId,
        @Schema(required = true) List<String> baseDns,
        @Schema(required = true) List<String> excludedDns,
        @Schema(required = true) boolean skipDisabledUsers,
        @Schema(required = true) boolean skipExpiredUsers,
        @Schema(required = true) CollisionHandling collisionHandling,
        @Schema(required = true) UserExtinctionHandling userExtinctionHandling,

        @Schema(
                description = "DISABLE_THEN_REMOVE: days a user that left the scope stays disabled before it is"
                        + " removed (0: at the next run after it was disabled); absent under the other policies")
        Integer removeAfterDays,

        @Schema(required = true) GroupExtinctionHandling groupExtinctionHandling,
        @Schema(required = true) DeleteThreshold deleteThreshold,
        Schedule schedule,

        @Schema(description = "the next scheduled fire, when the task is enabled and has a schedule")
        OffsetDateTime nextRunAt,

        @Schema(description = "the task's latest run, if it has one")
        LastRun lastRun,

        @Schema(required = true) List<String> tags,
        @Schema(required = true) OffsetDateTime createdAt,
        @Schema(required = true) OffsetDateTime updatedAt) {

    @Schema(name = "LastRun")
    public record LastRun(
            @Schema(required = true) UUID id,

            @Schema(required = true, description = "a run status")
            String status,

            OffsetDateTime finishedAt) {}

    @Schema(name = "SyncTaskDirectory", description = "The task's connection; the password and keytab are never shown")
    public record Directory(
            @Schema(required = true) DirectoryType type,

            @Schema(description = "the one server, when the task names one")
            String host,

            @Schema(description = "the servers tried in order, when the task lists them")
            List<String> hosts,

            @Schema(description = "the AD domain whose DCs DNS SRV records name, when the task gives one")
            String domain,

            @Schema(description = "with domain: the AD site whose DCs are tried first")
            String site,

            @Schema(description = "absent for a domain task on NONE/STARTTLS: each SRV record gives its port")
            Integer port,

            @Schema(required = true) ConnectionSecurity security,
            @Schema(required = true) BindMethod bindMethod,
            @Schema(required = true) String login,

            @Schema(required = true, description = "true when a password is stored")
            boolean passwordSet,

            @Schema(required = true, description = "true when a keytab is stored (GSSAPI)")
            boolean keytabSet,

            String kdc,

            String trustedCertificatesPem,
            @Schema(required = true) boolean trustAllCertificates,
            AttributeMapping mapping) {}
}
