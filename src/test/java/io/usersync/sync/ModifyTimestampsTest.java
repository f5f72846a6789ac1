package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A modifyTimestamp watermark is a position taken before the read, never the newest timestamp the read happened to see. */
class ModifyTimestampsTest {
    @Test
    void theNextWatermarkIsThePositionBeforeTheRead() {
        // a group read late changed after the position was taken: its timestamp must not become the watermark
        assertEquals("20261202100000Z", ModifyTimestamps.next("20261202100000Z", "20261202100500Z", null));
    }

    @Test
    void aQuietDirectoryKeepsItsNewestTimestamp() {
        assertEquals("20261201080000Z", ModifyTimestamps.next("20261202100000Z", "20261201080000.5Z", null));
    }

    @Test
    void neverBeforeThePreviousWatermark() {
        assertEquals("20261202110000Z", ModifyTimestamps.next("20261202100000Z", "20261202120000Z", "20261202110000Z"));
    }

    @Test
    void aReadThatSawNoTimestampKeepsThePreviousOrNone() {
        assertEquals("20261202110000Z", ModifyTimestamps.next("20261202100000Z", null, "20261202110000Z"));
        assertNull(ModifyTimestamps.next("20261202100000Z", null, null));
    }

    @Test
    void timesAreWholeSecondsRoundedDown() {
        assertEquals("20261202100000Z", ModifyTimestamps.format(Instant.parse("2026-12-02T10:00:00.999Z")));
        assertEquals(Instant.parse("2026-12-02T10:00:00.123Z"), ModifyTimestamps.parse("20261202100000.123Z"));
        assertNull(ModifyTimestamps.parse("not a time"));
    }

    @Test
    void theFilterValueCarriesAFractionSoThatStringOrderingAgrees() {
        assertEquals("20261202210225.0Z", ModifyTimestamps.filterValue("20261202210225Z"));
        assertTrue("20261202210225.7Z".compareTo(ModifyTimestamps.filterValue("20261202210225Z")) > 0);
        assertTrue("20261202210225Z".compareTo(ModifyTimestamps.filterValue("20261202210225Z")) > 0);
        assertTrue("20261202210224.9Z".compareTo(ModifyTimestamps.filterValue("20261202210225Z")) < 0);
    }
}
