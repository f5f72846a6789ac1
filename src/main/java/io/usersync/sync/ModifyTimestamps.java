package io.usersync.sync;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.util.StaticUtils;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/** The newest modifyTimestamp among the entries read: the MODIFY_TIMESTAMP feed's watermark. */
final class ModifyTimestamps {
    static final String ATTRIBUTE = "modifyTimestamp";

    private String newest;
    private long newestMillis = Long.MIN_VALUE;

    void saw(Entry e) {
        saw(e.getAttributeValue(ATTRIBUTE));
    }

    void saw(String value) {
        if (value != null) {
            try {
                long t = StaticUtils.decodeGeneralizedTime(value).getTime();
                if (t > newestMillis) {
                    newestMillis = t;
                    newest = value;
                }
            } catch (ParseException ignored) {
                // see above
            }
        }
    }

    /** The newest value seen, as the server wrote it (so a filter can use it verbatim), or null. */
    String newest() {
        return newest;
    }

    /** A generalized time, or null when there is none or it cannot be read. */
    static Instant parse(String generalizedTime) {
        if (generalizedTime == null) {
            return null;
        }
        try {
            return StaticUtils.decodeGeneralizedTime(generalizedTime).toInstant();
        } catch (ParseException e) {
            return null;
        }
    }

    /** A time as a filter value every server reads: whole seconds, UTC (rounded down, so never later than the time). */
    static String format(Instant t) {
        return DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(t);
    }

    /**
     * The filter value for changes at or after a watermark, with a fraction as AD writes it ("...25.0Z"): a
     * server that orders generalized times as strings (no matching rule in its schema) would otherwise sort
     * "...25.7Z" before "...25Z" and miss a change made within the watermark's own second.
     */
    static String filterValue(String watermark) {
        Instant t = parse(watermark);
        return t == null
                ? watermark
                : DateTimeFormatter.ofPattern("yyyyMMddHHmmss'.0Z'")
                        .withZone(ZoneOffset.UTC)
                        .format(t);
    }

    /**
     * The next watermark: the position taken before the read, unless the read saw nothing that new (then its
     * newest timestamp), and never before the previous watermark. Null when the read saw no timestamp at all
     * and there is no previous one: such a server cannot be read by timestamp.
     */
    static String next(String position, String newestSeen, String previous) {
        if (newestSeen == null) {
            return previous;
        }
        Instant next = min(parse(position), parse(newestSeen));
        Instant before = parse(previous);
        if (next == null) {
            return previous;
        }
        return before != null && before.isAfter(next) ? previous : format(next);
    }

    private static Instant min(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    static String[] withModifyTimestamp(String[] attributes) {
        return withAttribute(attributes, ATTRIBUTE);
    }

    /** The attributes to ask for, plus one (an operational attribute is returned only when named). */
    static String[] withAttribute(String[] attributes, String extra) {
        for (String a : attributes) {
            if (a.equalsIgnoreCase(extra)) {
                return attributes;
            }
        }
        String[] more = Arrays.copyOf(attributes, attributes.length + 1);
        more[attributes.length] = extra;
        return more;
    }
}
