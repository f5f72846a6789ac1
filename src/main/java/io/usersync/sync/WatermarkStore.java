package io.usersync.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Reads and writes sync_watermark on the run's own connection, so a watermark commits with the apply it belongs to. */
final class WatermarkStore {
    private WatermarkStore() {}

    static Watermark load(Connection db, UUID taskId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(
                "select feed, server, invocation_id, value, scope_hash, full_at, updated_at, objects, memberships from sync_watermark"
                        + " where task_id = ?")) {
            s.setObject(1, taskId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                return new Watermark(
                        ChangeFeed.valueOf(r.getString(1)),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        r.getObject(6, OffsetDateTime.class),
                        r.getObject(7, OffsetDateTime.class),
                        r.getLong(8),
                        r.getObject(9) == null ? null : r.getLong(9));
            }
        }
    }

    static void save(Connection db, UUID taskId, Watermark w) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("""
                insert into sync_watermark (task_id, feed, server, invocation_id, value, scope_hash, full_at, objects, memberships, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                on conflict (task_id) do update set feed = excluded.feed, server = excluded.server,
                    invocation_id = excluded.invocation_id, value = excluded.value, scope_hash = excluded.scope_hash,
                    full_at = excluded.full_at, objects = excluded.objects, memberships = excluded.memberships, updated_at = now()""")) {
            s.setObject(1, taskId);
            s.setString(2, w.feed().name());
            s.setString(3, w.server());
            s.setString(4, w.invocationId());
            s.setString(5, w.value());
            s.setString(6, w.scopeHash());
            s.setObject(7, w.fullAt());
            s.setLong(8, w.objects());
            s.setObject(9, w.memberships());
            s.executeUpdate();
        }
    }

    static void delete(Connection db, UUID taskId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("delete from sync_watermark where task_id = ?")) {
            s.setObject(1, taskId);
            s.executeUpdate();
        }
    }
}
