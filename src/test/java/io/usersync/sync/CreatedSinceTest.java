package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Entry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CreatedSinceTest {
    private static Entry entry(String attribute, String value) {
        Entry e = new Entry("uid=x,dc=example,dc=org");
        if (value != null) {
            e.addAttribute(attribute, value);
        }
        return e;
    }

    private static String cookie(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void contentSyncCookieTellsEntriesCreatedInALaterSecond() {
        CreatedSince c = CreatedSince.of(
                ChangeFeed.CONTENT_SYNC, cookie("rid=000,csn=20261129134113.071827Z#000000#000#000000"));
        assertEquals("createTimestamp", c.attribute());
        assertTrue(c.created(entry("createTimestamp", "20261129134114Z")));
        // the same second may be before the cookie's microsecond: not certain, so searched
        assertFalse(c.created(entry("createTimestamp", "20261129134113Z")));
        assertFalse(c.created(entry("createTimestamp", "20250101000000Z")));
        assertFalse(c.created(entry("createTimestamp", null)), "no value: not known to be new");
    }

    @Test
    void aCookieFromSeveralProvidersCountsFromTheLatestCsn() {
        CreatedSince c = CreatedSince.of(
                ChangeFeed.CONTENT_SYNC,
                cookie(
                        "rid=001,csn=20261129100000.000000Z#000000#001#000000;20261129120000.000000Z#000000#002#000000"));
        assertFalse(c.created(entry("createTimestamp", "20261129110000Z")));
        assertTrue(c.created(entry("createTimestamp", "20261129120001Z")));
    }

    @Test
    void activeDirectoryComparesUsns() {
        CreatedSince c = CreatedSince.of(ChangeFeed.AD_USN, "41000");
        assertEquals("uSNCreated", c.attribute());
        assertTrue(c.created(entry("uSNCreated", "41001")));
        assertFalse(c.created(entry("uSNCreated", "41000")));
        assertFalse(c.created(entry("uSNCreated", "junk")));
    }

    @Test
    void modifyTimestampWatermarksWithFractionsAndOffsets() {
        CreatedSince c = CreatedSince.of(ChangeFeed.MODIFY_TIMESTAMP, "20261129134113.500Z");
        assertTrue(c.created(entry("createTimestamp", "20261129134114.000Z")));
        assertFalse(c.created(entry("createTimestamp", "20261129134113.900Z")));
        assertTrue(CreatedSince.of(ChangeFeed.MODIFY_TIMESTAMP, "20261129134113+0100")
                .created(entry("createTimestamp", "20261129124114Z")));
    }

    @Test
    void anUnreadableWatermarkTellsNothing() {
        assertNull(CreatedSince.of(ChangeFeed.CONTENT_SYNC, cookie("rid=000")));
        assertNull(CreatedSince.of(ChangeFeed.AD_USN, "not-a-number"));
        assertNull(CreatedSince.of(ChangeFeed.MODIFY_TIMESTAMP, "yesterday"));
        assertNull(CreatedSince.of(ChangeFeed.CONTENT_SYNC, null));
    }
}
