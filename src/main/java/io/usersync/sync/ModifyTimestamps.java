package io.usersync.sync;

import java.text.ParseException;
import java.util.Arrays;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.util.StaticUtils;

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
