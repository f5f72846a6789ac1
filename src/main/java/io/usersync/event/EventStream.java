package io.usersync.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the outbox in order: the events after a position that a filter selects, each already rendered as a
 * CloudEvent (JSON text) by the store. Positions are handed out in commit order (see V21), so a reader that
 * has seen a position never later sees a smaller one appear.
 */
public final class EventStream {
    private static final String PAGE = """
            select e.seq, usersync_cloudevent(e)::text from change_event e
            where e.seq > ? and e.seq <= ? and (?::text[] is null or e.type = any(?::text[]))
              and (?::uuid[] is null or e.task_id = any(?::uuid[]))
            order by e.seq limit ?""";

    /** One event: its position (also its id) and its CloudEvent JSON. */
    public record Rendered(long seq, String json) {}

    /**
     * A page of events, and the position a reader may go on from: past the last event returned, or when the
     * page is short, past every event the filter passed over.
     */
    public record Page(List<Rendered> events, long next) {}

    private EventStream() {}

    public static Page read(Connection c, long after, int limit, EventFilter filter) throws SQLException {
        // bounded by what was written before the page is read: every position up to it is settled
        long last = last(c);
        List<Rendered> events = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(PAGE)) {
            s.setLong(1, after);
            s.setLong(2, last);
            setArray(c, s, 3, "text", filter.typeNames());
            setArray(c, s, 4, "text", filter.typeNames());
            setArray(c, s, 5, "uuid", filter.taskIdArray());
            setArray(c, s, 6, "uuid", filter.taskIdArray());
            s.setInt(7, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    events.add(new Rendered(r.getLong(1), r.getString(2)));
                }
            }
        }
        long next = events.isEmpty() ? after : events.get(events.size() - 1).seq();
        if (events.size() < limit) {
            // nothing further matched: every position up to the bound was passed over
            next = Math.max(next, last);
        }
        return new Page(events, next);
    }

    /** The last position written (and committed, as this connection sees it). */
    public static long last(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                        "select coalesce((select max(seq) from change_event), (select seq from change_event_floor))");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Positions at or below this were purged by the retention. */
    public static long floor(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select seq from change_event_floor where id = 1");
                ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private static void setArray(Connection c, PreparedStatement s, int index, String type, Object[] values)
            throws SQLException {
        if (values == null) {
            s.setNull(index, Types.ARRAY);
        } else {
            s.setArray(index, c.createArrayOf(type, values));
        }
    }
}
