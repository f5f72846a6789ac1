package io.usersync.sync;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Where a task's last complete read left off: the feed, the server that issued the value (and, for
 * AD, its invocationId), the value itself, what the read covered, when the last full run was, and the
 * task's objects and memberships after it (null memberships: not recorded, count them), and, for AD, what
 * the DC had seen of every DC's changes then ({@link ReplicationState}).
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
        Long memberships,
        Map<String, Long> seen) {

    /** A watermark without the issuing DC's replication state: good on that DC only. */
    public Watermark(
            ChangeFeed feed,
            String server,
            String invocationId,
            String value,
            String scopeHash,
            OffsetDateTime fullAt,
            OffsetDateTime updatedAt,
            long objects,
            Long memberships) {
        this(feed, server, invocationId, value, scopeHash, fullAt, updatedAt, objects, memberships, Map.of());
    }
}
