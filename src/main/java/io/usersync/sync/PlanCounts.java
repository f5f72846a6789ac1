package io.usersync.sync;

import io.usersync.task.GroupExtinctionHandling;
import io.usersync.task.UserExtinctionHandling;
import java.util.Map;

/** What a plan's tables say a run does, derived from their row counts. */
final class PlanCounts {
    private PlanCounts() {}

    /**
     * The task's objects the plan takes for gone: all users, the enabled ones among them, groups and containers,
     * and the users DISABLE_THEN_REMOVE removes now (disabled as gone for removeAfterDays).
     */
    record Gone(long users, long enabledUsers, long groups, long dueUsers, long enabledDueUsers) {}

    /**
     * Memberships the plan writes: user and group memberships it adds, and those it un-links from groups
     * that stay (a removed group's go with it).
     */
    record MembershipChanges(long usersAdded, long groupsAdded, long usersRemoved, long groupsRemoved) {}

    /**
     * @param userActions planned users per action (CREATED, UPDATED, UNCHANGED, COLLISION, TAKEN_OVER)
     * @param groupActions planned groups and containers per action (CREATED, UPDATED, UNCHANGED)
     */
    static SyncCounts from(
            Map<String, Long> userActions,
            Map<String, Long> groupActions,
            Gone gone,
            MembershipChanges memberships,
            long unresolvedMembers,
            UserExtinctionHandling userExtinction,
            GroupExtinctionHandling groupExtinction,
            long entryErrors) {
        long collisions = userActions.getOrDefault("COLLISION", 0L);
        long takenOver = userActions.getOrDefault("TAKEN_OVER", 0L);
        // a taken-over user is updated to what the directory says, and it collided with one this task did not own
        return new SyncCounts(
                userActions.getOrDefault("CREATED", 0L),
                userActions.getOrDefault("UPDATED", 0L) + takenOver,
                userActions.getOrDefault("UNCHANGED", 0L),
                removedUsers(gone, userExtinction),
                disabledUsers(gone, userExtinction),
                collisions + (userExtinction == UserExtinctionHandling.SKIP ? gone.users() : 0),
                groupActions.getOrDefault("CREATED", 0L),
                groupActions.getOrDefault("UPDATED", 0L),
                groupActions.getOrDefault("UNCHANGED", 0L),
                removedGroups(gone, groupExtinction),
                groupExtinction == GroupExtinctionHandling.SKIP ? gone.groups() : 0,
                memberships.usersAdded() + memberships.groupsAdded(),
                memberships.usersRemoved() + memberships.groupsRemoved(),
                unresolvedMembers,
                collisions + takenOver,
                entryErrors,
                userActions.getOrDefault("RESTORED", 0L),
                groupActions.getOrDefault("RESTORED", 0L));
    }

    /** Objects that removal or disabling would touch: what the delete threshold is checked against. */
    static long wouldRemove(Gone gone, UserExtinctionHandling userExtinction, GroupExtinctionHandling groupExtinction) {
        return removedUsers(gone, userExtinction)
                + disabledUsers(gone, userExtinction)
                + removedGroups(gone, groupExtinction);
    }

    /** The task's objects once the plan is applied: taken-over users become its own, not new ones. */
    static long objectsAfter(long ownedBefore, SyncCounts counts, long takenOver) {
        return ownedBefore
                + counts.usersCreated()
                + counts.groupsCreated()
                + counts.usersRestored()
                + counts.groupsRestored()
                + takenOver
                - counts.usersRemoved()
                - counts.groupsRemoved();
    }

    private static long removedUsers(Gone gone, UserExtinctionHandling userExtinction) {
        return switch (userExtinction) {
            case REMOVE -> gone.users();
            case DISABLE_THEN_REMOVE -> gone.dueUsers();
            case DISABLE, SKIP -> 0;
        };
    }

    /** A due user is removed, not disabled; g_user's enabled ones that are not due are disabled. */
    private static long disabledUsers(Gone gone, UserExtinctionHandling userExtinction) {
        return switch (userExtinction) {
            case DISABLE -> gone.enabledUsers();
            case DISABLE_THEN_REMOVE -> gone.enabledUsers() - gone.enabledDueUsers();
            case REMOVE, SKIP -> 0;
        };
    }

    private static long removedGroups(Gone gone, GroupExtinctionHandling groupExtinction) {
        return groupExtinction == GroupExtinctionHandling.REMOVE ? gone.groups() : 0;
    }
}
