package io.usersync.sync;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.util.StaticUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells entries created after a watermark was taken. Such an entry needs no member search: a group
 * can hold it only through a change made after it existed, and every group changed since the
 * watermark is among what the run reads. (Not for groups naming members by memberUid, a plain
 * string a group may hold before the user exists.)
 */
final class CreatedSince {
    private static final Pattern CSN = Pattern.compile("csn=([^,]*)");
    private static final Pattern CSN_TIME = Pattern.compile("(?:^|;)(\\d{14})");
    private static final Pattern UTC_TIME = Pattern.compile("(\\d{14})(\\.\\d+)?Z");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** uSNCreated on AD; createTimestamp (whole seconds) elsewhere. */
    private final String attribute;

    private final long after;

    private CreatedSince(String attribute, long after) {
        this.attribute = attribute;
        this.after = after;
    }

    /** Null when the watermark says nothing usable about time: then every new entry is searched. */
    static CreatedSince of(ChangeFeed feed, String watermark) {
        if (watermark == null) {
            return null;
        }
        try {
            return switch (feed) {
                case AD_USN -> new CreatedSince("uSNCreated", Long.parseLong(watermark));
                case MODIFY_TIMESTAMP -> {
                    Long s = seconds(watermark);
                    yield s == null ? null : new CreatedSince("createTimestamp", s);
                }
                case CONTENT_SYNC -> {
                    // rid=000,csn=20261129134113.071827Z#000000#000#000000[;<csn of another server>...]: after every
                    // one
                    Matcher m = CSN.matcher(new String(Base64.getDecoder().decode(watermark), StandardCharsets.UTF_8));
                    long latest = Long.MIN_VALUE;
                    if (m.find()) {
                        Matcher each = CSN_TIME.matcher(m.group(1));
                        while (each.find()) {
                            latest = Math.max(latest, epochSecond(each.group(1)));
                        }
                    }
                    yield latest == Long.MIN_VALUE ? null : new CreatedSince("createTimestamp", latest);
                }
            };
        } catch (IllegalArgumentException | DateTimeException e) {
            return null;
        }
    }

    String attribute() {
        return attribute;
    }

    /** True only when the entry was certainly created after the watermark (same second: not certain). */
    boolean created(Entry e) {
        String v = e.getAttributeValue(attribute);
        if (v == null) {
            return false;
        }
        if (attribute.equals("uSNCreated")) {
            try {
                return Long.parseLong(v) > after;
            } catch (NumberFormatException x) {
                return false;
            }
        }
        Long s = seconds(v);
        return s != null && s > after;
    }

    private static Long seconds(String generalizedTime) {
        Matcher m = UTC_TIME.matcher(generalizedTime);
        if (m.matches()) {
            return epochSecond(m.group(1));
        }
        try {
            return StaticUtils.decodeGeneralizedTime(generalizedTime).getTime() / 1000;
        } catch (ParseException e) {
            return null;
        }
    }

    private static long epochSecond(String yyyyMMddHHmmss) {
        return LocalDateTime.parse(yyyyMMddHHmmss, SECONDS).toEpochSecond(ZoneOffset.UTC);
    }
}
