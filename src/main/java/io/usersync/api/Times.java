package io.usersync.api;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Times as native queries hand them back. */
public final class Times {
    private Times() {}

    /** Native queries hand timestamptz back as OffsetDateTime, Instant or Timestamp depending on the dialect's mood. */
    public static OffsetDateTime offset(Object v) {
        if (v instanceof OffsetDateTime o) {
            return o;
        }
        if (v instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        return v instanceof Timestamp ts ? ts.toInstant().atOffset(ZoneOffset.UTC) : null;
    }
}
