package io.usersync.task;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A run that would remove more than either limit applies nothing and ends BLOCKED_BY_THRESHOLD. */
@Schema(name = "DeleteThreshold", description = "Limits on removals per run; a null limit does not apply. Defaults: 500 and 20%.")
public record DeleteThreshold(
        @Schema(examples = "500") @Min(value = 0, message = "must be 0 or more") Integer maxCount,
        @Schema(examples = "20") @Min(value = 0, message = "must be between 0 and 100") @Max(value = 100, message = "must be between 0 and 100") Integer maxPercent) {

    public static final DeleteThreshold DEFAULT = new DeleteThreshold(500, 20);
}
