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
        StagedPhoto photo,
        /** Why the user was staged without something it has in the directory (a photo over the size cap), or null. */
        String warning,
        String attributesJson,
        String sourceHash) {}
