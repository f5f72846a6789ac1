package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.usersync.task.DeleteThreshold;
import org.junit.jupiter.api.Test;

/** The delete threshold's rules, for objects and for memberships. */
class DeleteThresholdRulesTest {
    static final DeleteThreshold DEFAULT = DeleteThreshold.DEFAULT;

    @Test
    void objectsAreBlockedByCountOrShare() {
        assertNull(SyncEngine.blockedBy(DEFAULT, 0, 10, false));
        assertNull(SyncEngine.blockedBy(DEFAULT, 2, 10, false), "20% is allowed");
        assertTrue(SyncEngine.blockedBy(DEFAULT, 3, 10, false).contains("maxPercent of 20%"));
        assertTrue(SyncEngine.blockedBy(DEFAULT, 501, 100_000, false).contains("maxCount of 500"));
        assertNull(SyncEngine.blockedBy(new DeleteThreshold(null, null, null), 5_000, 5_000, false), "no limits");
        assertNull(SyncEngine.blockedBy(DEFAULT, 5_000, 5_000, true), "allowMassDelete");
    }

    @Test
    void membershipsAreBlockedByShareAboveAFloor() {
        assertNull(
                SyncEngine.membershipsBlockedBy(DEFAULT, DeleteThreshold.MEMBERSHIP_FLOOR, 11, false),
                "a handful never trips it, however small the task");
        assertNotNull(
                SyncEngine.membershipsBlockedBy(DEFAULT, 3, 3, false), "unless it is every membership the task has");
        assertNull(SyncEngine.membershipsBlockedBy(DEFAULT, 20, 100, false), "20% is allowed");
        String blocked = SyncEngine.membershipsBlockedBy(DEFAULT, 20, 20, false);
        assertNotNull(blocked);
        assertTrue(blocked.contains("20 of the task's 20 memberships (100%)"), blocked);
        assertTrue(SyncEngine.membershipsBlockedBy(DEFAULT, 21, 100, false).contains("maxMembershipPercent of 20%"));
        assertNull(
                SyncEngine.membershipsBlockedBy(new DeleteThreshold(500, 20, 100), 300_000, 300_000, false),
                "100 turns it off");
        assertNull(
                SyncEngine.membershipsBlockedBy(new DeleteThreshold(500, 20, null), 20, 100, false),
                "null is the default 20%");
        assertNotNull(SyncEngine.membershipsBlockedBy(new DeleteThreshold(500, 20, null), 21, 100, false));
        assertNull(SyncEngine.membershipsBlockedBy(DEFAULT, 300_000, 300_000, true), "allowMassDelete");
    }
}
