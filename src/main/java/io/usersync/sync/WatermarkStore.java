package io.usersync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads and writes sync_watermark on the run's own connection, so a watermark commits with the apply it
 * belongs to. A task has one per server it read from (see {@link ModeDecision}).
 */
final class WatermarkStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WatermarkStore() {}

    static List<Watermark> load(Connection db, UUID taskId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(
                "select feed, server, invocation_id, value, scope_hash, full_at, updated_at, objects, memberships, seen::text from sync_watermark"
                        + " where task_id = ? order by updated_at desc")) {
            s.setObject(1, taskId);
            List<Watermark> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Watermark(
                            ChangeFeed.valueOf(r.getString(1)),
                            r.getString(2),
                            r.getString(3),
                            r.getString(4),
                            r.getString(5),
                            r.getObject(6, OffsetDateTime.class),
                            r.getObject(7, OffsetDateTime.class),
                            r.getLong(8),
                            r.getObject(9) == null ? null : r.getLong(9),
                            seen(r.getString(10))));
                }
            }
            return out;
        }
    }

    /**
     * Stores the server's watermark. The other servers' stay while they have the same scope: each still
     * lists every change since it was taken, usable when the store holds what that server had seen then
     * ({@link ModeDecision}). Those of another scope go: the store no longer matches them, and a later
     * return to that scope must not continue from them.
     */
    static void save(Connection db, UUID taskId, Watermark w) throws SQLException {
        try (PreparedStatement s =
                db.prepareStatement("delete from sync_watermark where task_id = ? and scope_hash <> ?")) {
            s.setObject(1, taskId);
            s.setString(2, w.scopeHash());
            s.executeUpdate();
        }
        try (PreparedStatement s = db.prepareStatement("""
                insert into sync_watermark (task_id, dc_key, feed, server, invocation_id, value, scope_hash, full_at, objects, memberships, seen, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, clock_timestamp())
                on conflict (task_id, dc_key) do update set feed = excluded.feed, server = excluded.server,
                    invocation_id = excluded.invocation_id, value = excluded.value, scope_hash = excluded.scope_hash,
                    full_at = excluded.full_at, objects = excluded.objects, memberships = excluded.memberships,
                    seen = excluded.seen, updated_at = clock_timestamp()""")) {
            s.setObject(1, taskId);
            s.setString(2, ModeDecision.key(w.feed(), w.server(), w.invocationId()));
            s.setString(3, w.feed().name());
            s.setString(4, w.server());
            s.setString(5, w.invocationId());
            s.setString(6, w.value());
            s.setString(7, w.scopeHash());
            s.setObject(8, w.fullAt());
            s.setLong(9, w.objects());
            s.setObject(10, w.memberships());
            s.setString(11, json(w.seen()));
            s.executeUpdate();
        }
    }

    private static String json(Map<String, Long> seen) {
        try {
            return seen == null || seen.isEmpty() ? null : JSON.writeValueAsString(seen);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Long> seen(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Long>>() {});
        } catch (JsonProcessingException e) {
            return Map.of(); // unreadable: as if unknown, which covers nothing
        }
    }

    /** After an incomplete read the store is not what any server's changes continue from: every watermark goes. */
    static void delete(Connection db, UUID taskId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("delete from sync_watermark where task_id = ?")) {
            s.setObject(1, taskId);
            s.executeUpdate();
        }
    }
}
