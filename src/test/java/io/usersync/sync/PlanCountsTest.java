package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.usersync.task.GroupExtinctionHandling;
import io.usersync.task.UserExtinctionHandling;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanCountsTest {
    static final Map<String, Long> USERS =
            Map.of("CREATED", 5L, "UPDATED", 3L, "UNCHANGED", 100L, "COLLISION", 2L, "TAKEN_OVER", 1L);
    static final Map<String, Long> GROUPS = Map.of("CREATED", 4L, "UPDATED", 2L, "UNCHANGED", 20L);
    static final PlanCounts.Gone GONE = new PlanCounts.Gone(7, 6, 3, 0, 0);
    static final PlanCounts.MembershipChanges MEMBERSHIPS = new PlanCounts.MembershipChanges(10, 2, 8, 1);

    static SyncCounts counts(UserExtinctionHandling users, GroupExtinctionHandling groups) {
        return PlanCounts.from(USERS, GROUPS, GONE, MEMBERSHIPS, 4, users, groups, 9);
    }

    @Test
    void removingCountsEveryGoneObjectAsRemoved() {
        assertEquals(
                new SyncCounts(5, 4, 100, 7, 0, 2, 4, 2, 20, 3, 0, 12, 9, 4, 3, 9, 0, 0),
                counts(UserExtinctionHandling.REMOVE, GroupExtinctionHandling.REMOVE));
    }

    @Test
    void disablingCountsOnlyTheGoneUsersStillEnabled() {
        SyncCounts c = counts(UserExtinctionHandling.DISABLE, GroupExtinctionHandling.REMOVE);
        assertEquals(0, c.usersRemoved());
        assertEquals(6, c.usersDisabled());
        assertEquals(2, c.usersSkipped());
    }

    @Test
    void skippingCountsGoneObjectsAsSkipped() {
        SyncCounts c = counts(UserExtinctionHandling.SKIP, GroupExtinctionHandling.SKIP);
        assertEquals(0, c.usersRemoved());
        assertEquals(0, c.usersDisabled());
        assertEquals(2 + 7, c.usersSkipped());
        assertEquals(0, c.groupsRemoved());
        assertEquals(3, c.groupsSkipped());
    }

    @Test
    void aTakenOverUserIsUpdatedAndCollided() {
        SyncCounts c = counts(UserExtinctionHandling.REMOVE, GroupExtinctionHandling.REMOVE);
        assertEquals(3 + 1, c.usersUpdated());
        assertEquals(2 + 1, c.collisions());
    }

    @Test
    void actionsThePlanDoesNotHoldCountZero() {
        assertEquals(
                new SyncCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                PlanCounts.from(
                        Map.of(),
                        Map.of(),
                        new PlanCounts.Gone(0, 0, 0, 0, 0),
                        new PlanCounts.MembershipChanges(0, 0, 0, 0),
                        0,
                        UserExtinctionHandling.REMOVE,
                        GroupExtinctionHandling.REMOVE,
                        0));
    }

    @Test
    void wouldRemoveFollowsThePolicies() {
        assertEquals(
                7 + 3, PlanCounts.wouldRemove(GONE, UserExtinctionHandling.REMOVE, GroupExtinctionHandling.REMOVE));
        assertEquals(6, PlanCounts.wouldRemove(GONE, UserExtinctionHandling.DISABLE, GroupExtinctionHandling.SKIP));
        assertEquals(0, PlanCounts.wouldRemove(GONE, UserExtinctionHandling.SKIP, GroupExtinctionHandling.SKIP));
    }

    @Test
    void objectsAfterAddsCreatedAndTakenOverLessRemoved() {
        SyncCounts c = counts(UserExtinctionHandling.REMOVE, GroupExtinctionHandling.REMOVE);
        assertEquals(200 + 5 + 4 + 1 - 7 - 3, PlanCounts.objectsAfter(200, c, 1));
    }
}
