package io.usersync.task;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A run that would remove more than either object limit, or un-link more than the membership share,
 * applies nothing and ends BLOCKED_BY_THRESHOLD.
 */
@Schema(
        name = "DeleteThreshold",
        description = "Limits on removals per run. maxCount and maxPercent bound the users and groups"
                + " removed or disabled (a null limit does not apply; defaults 500 and 20%). maxMembershipPercent bounds the memberships"
                + " removed as a share of the task's memberships (null means the default 20%; 100 turns it off); removing at most "
                + DeleteThreshold.MEMBERSHIP_FLOOR + " memberships never trips it.")
public record DeleteThreshold(
        @Schema(examples = "500") @Min(value = 0, message = "must be 0 or more")
        Integer maxCount,

        @Schema(examples = "20")
        @Min(value = 0, message = "must be between 0 and 100")
        @Max(value = 100, message = "must be between 0 and 100")
        Integer maxPercent,

        @Schema(examples = "20")
        @Min(value = 0, message = "must be between 0 and 100")
        @Max(value = 100, message = "must be between 0 and 100")
        Integer maxMembershipPercent) {

    public static final int DEFAULT_MEMBERSHIP_PERCENT = 20;
    /** A handful of memberships leaving a small task is ordinary; a share of them is not a signal there. */
    public static final int MEMBERSHIP_FLOOR = 10;

    public static final DeleteThreshold DEFAULT = new DeleteThreshold(500, 20, DEFAULT_MEMBERSHIP_PERCENT);

    public int membershipPercentOrDefault() {
        return maxMembershipPercent == null ? DEFAULT_MEMBERSHIP_PERCENT : maxMembershipPercent;
    }
}
