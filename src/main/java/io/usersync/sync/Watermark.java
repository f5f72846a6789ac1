package io.usersync.sync;

import java.time.OffsetDateTime;

/**
 * Where a task's last complete read left off: the feed, the server that issued the value (and, for
 * AD, its invocationId), the value itself, what the read covered, and when the last full run was.
 */
public record Watermark(ChangeFeed feed, String server, String invocationId, String value, String scopeHash,
        OffsetDateTime fullAt, OffsetDateTime updatedAt, long objects) {
}
