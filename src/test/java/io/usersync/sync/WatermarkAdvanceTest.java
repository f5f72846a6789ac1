package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which watermark a run leaves for the next incremental one. */
class WatermarkAdvanceTest {
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-07T10:00:00Z");
    private static final OffsetDateTime LAST_FULL = OffsetDateTime.parse("2026-12-06T02:00:00Z");
    private static final DirectoryPosition USN =
            new DirectoryPosition(ChangeFeed.AD_USN, "dc1", "inv-1", "5000", List.of("dc=x"));
    private static final Watermark OLD =
            new Watermark(ChangeFeed.AD_USN, "dc1", "inv-1", "4000", "scope", LAST_FULL, null, 10, 20L);

    @Test
    void anIncompleteReadLeavesNoWatermark() {
        assertNull(SyncEngine.nextWatermark(OLD, USN, null, "scope", true, false, 10, 20, NOW));
        assertNull(SyncEngine.nextWatermark(OLD, USN, null, "scope", false, false, 10, 20, NOW));
    }

    @Test
    void aCompleteReadTakesThePositionFromBeforeTheRead() {
        Watermark next = SyncEngine.nextWatermark(OLD, USN, null, "scope2", false, true, 11, 21, NOW);
        assertEquals(new Watermark(ChangeFeed.AD_USN, "dc1", "inv-1", "5000", "scope2", NOW, null, 11, 21L), next);
    }

    @Test
    void anIncrementalRunKeepsTheTimeOfTheLastFullRun() {
        assertEquals(
                LAST_FULL,
                SyncEngine.nextWatermark(OLD, USN, null, "scope", true, true, 10, 20, NOW)
                        .fullAt());
    }

    @Test
    void aTimestampFeedNeverGoesPastWhatTheReadSawNorBackBeforeThePreviousWatermark() {
        DirectoryPosition ts =
                new DirectoryPosition(ChangeFeed.MODIFY_TIMESTAMP, "h:389", null, "20261207095500Z", List.of("dc=x"));
        Watermark previous = new Watermark(
                ChangeFeed.MODIFY_TIMESTAMP, "h:389", null, "20261207080000Z", "scope", LAST_FULL, null, 1, 1L);
        assertEquals(
                "20261207090000Z",
                SyncEngine.nextWatermark(previous, ts, "20261207090000Z", "scope", true, true, 1, 1, NOW)
                        .value());
        assertEquals(
                "20261207080000Z",
                SyncEngine.nextWatermark(previous, ts, "20261207070000Z", "scope", true, true, 1, 1, NOW)
                        .value());
        assertNull(
                SyncEngine.nextWatermark(previous, ts, null, "scope", false, true, 1, 1, NOW),
                "a server that shows no timestamp");
    }
}
