package io.usersync.sync;

import java.time.OffsetDateTime;

/**
 * Where a task's last complete read left off: the feed, the server that issued the value (and, for
 * AD, its invocationId), the value itself, what the read covered, when the last full run was, and the
 * task's objects and memberships after it (null memberships: not recorded, count them).
 */
public record Watermark(
        ChangeFeed feed,
        String server,
        String invocationId,
        String value,
        String scopeHash,
        OffsetDateTime fullAt,
        OffsetDateTime updatedAt,
        long objects,
        Long memberships) {}
