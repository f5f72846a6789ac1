package io.usersync.user;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
        name = "UserState",
        description =
                "DISABLED: the account is disabled; EXPIRED: enabled, but its accountExpiresAt has passed; ACTIVE:"
                        + " neither. Computed when read, so an account that expires changes state with no sync")
public enum UserState {
    ACTIVE,
    DISABLED,
    EXPIRED;

    static UserState of(boolean enabled, OffsetDateTime accountExpiresAt, OffsetDateTime now) {
        if (!enabled) {
            return DISABLED;
        }
        return accountExpiresAt != null && !accountExpiresAt.isAfter(now) ? EXPIRED : ACTIVE;
    }

    /** The query clause selecting users in this state, its time bound as the parameter {@code :now}. */
    String where() {
        return switch (this) {
            case DISABLED -> "enabled = false";
            case EXPIRED -> "enabled = true and accountExpiresAt <= :now";
            case ACTIVE -> "enabled = true and (accountExpiresAt is null or accountExpiresAt > :now)";
        };
    }
}
