package io.usersync.sync;

import java.time.OffsetDateTime;

/** A user as read from the directory, mapped; one row of the users staging table. */
public record StagedUser(
        String externalId,
        String sid,
        String dn,
        String dnNorm,
        String parentNorm,
        String username,
        String displayName,
        String email,
        String phone,
        String office,
        String jobTitle,
        String department,
        String description,
        boolean enabled,
        OffsetDateTime accountExpiresAt,
        OffsetDateTime lockedOutAt,
        String primaryGroupKey,
        String attributesJson,
        String sourceHash) {}
