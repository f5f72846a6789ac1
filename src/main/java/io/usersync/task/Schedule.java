package io.usersync.task;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Schedule", description = "When the task runs by itself")
public record Schedule(
        @Schema(required = true, description = "Quartz cron with a seconds field", examples = "0 0 2 * * ?")
        @NotBlank(message = "must not be blank")
        String cron,

        @Schema(description = "IANA time zone the cron is read in; UTC when omitted", examples = "Europe/Bratislava")
        String timezone,

        @Schema(description = "random delay of up to this many seconds after each fire")
        @Min(value = 0, message = "must be between 0 and 3600")
        @Max(value = 3600, message = "must be between 0 and 3600")
        Integer jitterSeconds,

        @Schema(description = "no scheduled run before this instant")
        OffsetDateTime notBefore,

        @Schema(description = "no scheduled run after this instant")
        OffsetDateTime notAfter,

        @Schema(
                description =
                        "scheduled runs are INCREMENTAL; one runs FULL (a reconciliation that also finds deletions an"
                                + " incremental read cannot see) when the last full run is older than this many hours; default 24")
        @Min(value = 1, message = "must be between 1 and 8760")
        @Max(value = 8760, message = "must be between 1 and 8760")
        Integer fullSyncIntervalHours) {

    public static final int DEFAULT_FULL_SYNC_INTERVAL_HOURS = 24;

    public int fullSyncIntervalHoursOrDefault() {
        return fullSyncIntervalHours == null ? DEFAULT_FULL_SYNC_INTERVAL_HOURS : fullSyncIntervalHours;
    }
}
