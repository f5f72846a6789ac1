package io.usersync.event;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Pages of the change feed, rendered as the answer's JSON text without parsing the events again. */
@ApplicationScoped
public class ChangeFeed {
    private final DataSource dataSource;

    ChangeFeed(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A page, or that the cursor lies below what the retention kept ({@code tooOld}, with the floor). */
    public record Answer(String json, boolean tooOld, long floor) {}

    public Answer read(Long after, int limit, EventFilter filter) {
        try (Connection c = dataSource.getConnection()) {
            long start = after == null ? EventStream.floor(c) : after;
            EventStream.Page page = EventStream.read(c, start, limit, filter);
            // after the page: the retention raises the floor as it deletes, so a page read across a purge is caught
            long floor = EventStream.floor(c);
            if (start < floor) {
                return new Answer(null, true, floor);
            }
            StringBuilder json = new StringBuilder(64 + page.events().size() * 512).append("{\"items\":[");
            for (int i = 0; i < page.events().size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                json.append(page.events().get(i).json());
            }
            json.append("],\"nextCursor\":\"").append(page.next()).append("\"}");
            return new Answer(json.toString(), false, floor);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the change feed", e);
        }
    }
}
