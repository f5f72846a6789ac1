package io.usersync.sync;

import io.usersync.task.CollisionHandling;
import io.usersync.task.GroupExtinctionHandling;
import io.usersync.task.UserExtinctionHandling;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Set-based plan and apply. The staged directory is joined with the live store on (task, external
 * id) into plan tables that say, per object, CREATED / UPDATED / UNCHANGED / COLLISION / TAKEN_OVER,
 * and which owned objects are gone. Counts and change records come from the same tables; a dry run
 * stops there. {@link #apply} then makes the store match in a handful of statements, in the
 * caller's transaction. The statements are the files under {@code sql/plan/}.
 */
public final class SyncPlan {
    private final PlanStatements sql;
    private final PlanOptions options;
    private final UUID taskId;
    private final boolean incremental;

    private SyncCounts counts;
    /** The task's memberships before this run, once derived. */
    private long membershipsStored = -1;
    /** The task's groups held no user yet: every membership the directory names is added (d_user_member). */
    private boolean noneStored;
    /** Stored memberships the plan leaves alone although the read did not confirm them (kept objects, incomplete reads). */
    private long keptMemberships;

    private PlanCounts.Gone gone = new PlanCounts.Gone(0, 0, 0, 0, 0);
    private long wouldRemove;
    private long ownedObjects;
    private boolean ownedCounted;
    private long takenOver;
    /** Whether the read staged members from other domains (see {@link ForeignPrincipals}). */
    private boolean foreignMembers;
    /** Whether anything staged or stored names a primary group (see the primary-groups-any statement). */
    private boolean primaryGroups;

    private long unresolvedMembers;

    public SyncPlan(Connection c, PlanOptions options) {
        this.sql = new PlanStatements(c);
        this.options = options;
        this.taskId = options.taskId();
        this.incremental = options.incremental();
        this.ownedObjects = options.objectsBefore();
    }

    public SyncCounts counts() {
        return counts;
    }

    /** Objects that removal or disabling would touch: what the delete threshold is checked against. */
    public long wouldRemove() {
        return wouldRemove;
    }

    /** The task's objects before this run: what the delete threshold's percentage is of. */
    public long ownedObjects() {
        return ownedObjects;
    }

    /** The task's objects once this run is applied. */
    public long objectsAfter() {
        return PlanCounts.objectsAfter(ownedObjects, counts, takenOver);
    }

    /**
     * @param extinctionAllowed false when the read had entry errors: an object that could not be
     *        mapped must not be taken for gone
     */
    public void plan(boolean extinctionAllowed) throws SQLException {
        sql.exec("drop-plan-tables");
        sql.exec(
                "plan-settings",
                taskId.toString(),
                options.targetGroupId().toString(),
                Boolean.toString(extinctionAllowed),
                Long.toString(options.removeAfterSeconds()));
        sql.exec("groups-planned");
        sql.exec(incremental ? "groups-planned-analyze" : "groups-planned-indexed");
        sql.exec(incremental ? "group-parents-incremental" : "group-parents", options.targetGroupId());
        sql.exec("group-actions");

        if (!incremental && !options.eachUserOnce()) {
            sql.exec("staged-users-indexed");
        }
        if (options.eachUserOnce()) {
            sql.exec("users-planned-each-once");
        } else {
            sql.queue(incremental ? "users-staged-incremental" : "users-staged");
            sql.queue("users-planned");
            sql.flush();
        }
        sql.exec("user-collisions-by-sid", taskId);
        sql.exec("user-collisions-by-username", taskId);
        boolean overwrite = options.collisions() == CollisionHandling.OVERWRITE;
        sql.exec("user-collision-actions", overwrite, overwrite);
        sql.exec("restored-collisions");
        sql.exec(incremental ? "users-planned-analyze" : "users-planned-analyze-sampled");

        foreignMembers = sql.single("staged-foreign-members-count") > 0;
        primaryGroups = sql.single("primary-groups-any", incremental, taskId) > 0;
        if (incremental) {
            planGoneIncrementally();
            // one object says nothing of the task's other users: their removal waits for a run that reads them
            if (options.userExtinction() == UserExtinctionHandling.DISABLE_THEN_REMOVE && !options.oneObject()) {
                sql.exec("gone-users-due", taskId);
            }
            planMembershipsIncrementally();
        } else {
            planGone();
            planMemberships();
        }
        sql.exec(incremental ? "memberships-named-analyze" : "memberships-named-analyze-sampled");
        unresolvedMembers = 0;
        if (foreignMembers) {
            sql.exec("foreign-members-unresolved");
            unresolvedMembers = sql.single("foreign-members-unresolved-count");
        }

        noneStored = sql.single("user-memberships-stored-any") == 0;
        sql.exec(noneStored ? "user-memberships-difference-none-stored" : "user-memberships-difference");
        sql.exec("kept-table");
        keptMemberships = 0;
        if (options.groupExtinction() == GroupExtinctionHandling.REMOVE && sql.update("kept-target-groups") > 0) {
            applyKept();
        }
        if (!extinctionAllowed) {
            // a read that was not complete un-links nothing, as it removes and disables nothing
            keptMemberships += sql.single("memberships-to-remove-count");
            sql.exec("memberships-to-remove-clear");
        } else if (options.groupExtinction() == GroupExtinctionHandling.SKIP) {
            // a group kept by the policy was not read: nothing says its members changed
            keptMemberships += sql.update("user-memberships-in-gone-groups-kept")
                    + sql.update("group-memberships-in-gone-groups-kept");
        }
    }

    /**
     * Counts the removals the plan would make (less what was kept) into {@link #wouldRemove}, and for a
     * full run the task's objects into {@link #ownedObjects}: what the delete threshold is checked against.
     */
    public void countRemovals() throws SQLException {
        boolean countOwned = !incremental && !ownedCounted;
        long[] row = countOwned
                ? sql.one("gone-and-owned-counts", SyncPlan::goneCounts, taskId, taskId, taskId, taskId)
                : sql.one("gone-counts", SyncPlan::goneCounts);
        gone = new PlanCounts.Gone(row[0], row[1], row[2], row[4], row[5]);
        if (countOwned) {
            ownedObjects = row[3];
            ownedCounted = true;
        }
        wouldRemove = PlanCounts.wouldRemove(gone, options.userExtinction(), options.groupExtinction());
    }

    private static long[] goneCounts(ResultSet r) throws SQLException {
        return new long[] {r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6)};
    }

    /** Counts everything the plan (less what was kept) would do. Called after {@link #countRemovals}. */
    public void count(long entryErrors) throws SQLException {
        Map<String, Long> users = new HashMap<>();
        Map<String, Long> groups = new HashMap<>();
        for (ActionCount a : sql.all(
                "planned-actions-count",
                r -> new ActionCount(r.getString(1).equals("u"), r.getString(2), r.getLong(3)))) {
            (a.user() ? users : groups).put(a.action(), a.count());
        }
        PlanCounts.MembershipChanges memberships = sql.one(
                noneStored ? "membership-changes-count-none-stored" : "membership-changes-count",
                r -> new PlanCounts.MembershipChanges(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)));
        takenOver = users.getOrDefault("TAKEN_OVER", 0L);
        counts = PlanCounts.from(
                users,
                groups,
                gone,
                memberships,
                unresolvedMembers,
                options.userExtinction(),
                options.groupExtinction(),
                entryErrors);
    }

    private record ActionCount(boolean user, String action, long count) {}

    private void planGone() throws SQLException {
        sql.exec("users-gone");
        sql.exec("groups-gone");
    }

    private void planMemberships() throws SQLException {
        sql.exec(
                options.eachGroupOnce() ? "user-memberships-named-each-group-once" : "user-memberships-named",
                primaryGroups,
                foreignMembers);
        sql.exec("group-memberships-named", foreignMembers);
        sql.exec("user-memberships-stored-view");
        sql.exec("group-memberships-to-remove");
    }

    /**
     * Gone: what the directory reported deleted, what left the scope, what sat below a container that
     * moved or left (unless read again at its new place), and, after a present phase, what was
     * neither present nor changed.
     */
    private void planGoneIncrementally() throws SQLException {
        boolean subtrees = sql.single("gone-subtrees-count") > 0;
        List<String> groupKinds = new ArrayList<>();
        if (options.presentPhase().contains(ObjectKind.CONTAINER)) {
            groupKinds.add("CONTAINER");
        }
        if (options.presentPhase().contains(ObjectKind.GROUP)) {
            groupKinds.add("DIRECTORY_GROUP");
        }
        boolean usersPresent = options.presentPhase().contains(ObjectKind.USER);
        boolean groupsPresent = !groupKinds.isEmpty();
        // what is gone: the deleted, and where there are any, the moved subtrees and the absent
        if (subtrees || usersPresent) {
            sql.queue("users-gone-incremental-branches", taskId, subtrees, taskId, usersPresent, taskId);
        } else {
            sql.queue("users-gone-incremental", taskId);
        }
        if (subtrees || groupsPresent) {
            sql.queue(
                    "groups-gone-incremental-branches",
                    taskId,
                    subtrees,
                    taskId,
                    groupsPresent,
                    taskId,
                    groupKinds.toArray(String[]::new));
        } else {
            sql.queue("groups-gone-incremental", taskId);
        }
        sql.queue("gone-analyze");
        sql.flush();
    }

    /**
     * Memberships of what was read: a changed group's members replace what the store holds for it,
     * and each changed object whose groups were searched has them replace its own rows (a user or group
     * the store already synced keeps its rows in groups that did not change). Member values resolve to
     * changed objects first, then to stored ones (k_user, k_group).
     */
    private void planMembershipsIncrementally() throws SQLException {
        sql.queue("member-users-incremental", taskId, sql.single("staged-member-uids-count") > 0, taskId);
        sql.queue("member-users-analyze");
        sql.queue("member-groups-incremental", taskId);
        sql.queue("member-groups-analyze");
        sql.queue("user-memberships-named-incremental", taskId, primaryGroups, taskId, primaryGroups, foreignMembers);
        sql.queue("group-memberships-named-incremental", foreignMembers);
        sql.queue("user-memberships-stored-incremental", taskId, taskId, options.primaryMovesReread(), primaryGroups);
        sql.queue("group-memberships-to-remove-incremental", taskId);
        sql.flush();
    }

    /** Writes one change record per object that changes (or would change), with the fields that differ. */
    public void recordChanges() throws SQLException {
        UUID runId = options.runId();
        sql.exec("user-changes-record", runId);
        sql.exec("group-changes-record", runId);
        switch (options.userExtinction()) {
            case REMOVE -> sql.exec("gone-users-record", runId, "REMOVED");
            case DISABLE -> sql.exec("gone-users-record-disabled", runId);
            case DISABLE_THEN_REMOVE -> sql.exec("gone-users-record-disable-then-remove", runId);
            case SKIP -> sql.exec("gone-users-record", runId, "KEPT");
        }
        sql.exec(
                "gone-groups-record",
                runId,
                options.groupExtinction() == GroupExtinctionHandling.REMOVE ? "REMOVED" : "KEPT");
        sql.exec("kept-record", runId);
        sql.exec("user-warnings-record", runId);
        if (unresolvedMembers > 0) {
            sql.exec("foreign-members-unresolved-record", runId);
        }
        sql.exec("empty-groups-warning-record", runId);
    }

    /** A removal the plan proposes, to be looked up in the directory before it is made. */
    public record Candidate(UUID id, ObjectKind kind, String externalId, String dn) {}

    /** An object kept although the plan took it for gone, and why: action KEPT_ON_VERIFY or KEPT. */
    public record Kept(UUID id, ObjectKind kind, String externalId, String dn, String action, String reason) {}

    /** The statement naming the removals to look up first: under DISABLE, users already disabled change no more. */
    private String candidatesStatement() {
        return switch (options.userExtinction()) {
            case DISABLE -> "removal-candidates-enabled";
            case DISABLE_THEN_REMOVE -> "removal-candidates-disable-then-remove";
            case REMOVE, SKIP -> "removal-candidates";
        };
    }

    /**
     * The objects the last run found in the directory that the plan now takes for gone, whatever the
     * policy does with them (even SKIP un-links a user from the groups read): at most {@code limit}.
     * Under DISABLE, users already disabled change no more and are left out.
     */
    public List<Candidate> candidates(int limit) throws SQLException {
        return sql.all(
                candidatesStatement(),
                r -> new Candidate(
                        r.getObject(1, UUID.class), ObjectKind.valueOf(r.getString(2)), r.getString(3), r.getString(4)),
                limit);
    }

    /** How many objects {@link #candidates} would return without a limit. */
    public long candidateCount() throws SQLException {
        return sql.single(candidatesStatement() + "-count");
    }

    /** Keeps what the store holds at or below this (normalised) DN, for this reason: the read did not reach there. */
    public void keepBelow(String subtree, String reason) throws SQLException {
        sql.update("kept-below", reason, subtree, subtree, subtree, reason, subtree, subtree, subtree);
    }

    /** Records objects found in the task's scope when they were looked up before their removal. */
    public void keep(List<Kept> kept) throws SQLException {
        if (kept.isEmpty()) {
            return;
        }
        sql.batch(
                "kept-insert",
                kept.stream()
                        .map(k ->
                                new Object[] {k.id(), k.kind().name(), k.externalId(), k.dn(), k.action(), k.reason()})
                        .toList());
    }

    /**
     * Takes what was kept out of the removals, with its memberships: a kept user stays in its groups, and a
     * kept group keeps its members. Returns how many objects are kept in all.
     */
    public long applyKept() throws SQLException {
        if (sql.single("kept-any") == 0) {
            return 0;
        }
        sql.exec("kept-out-of-gone");
        keptMemberships += sql.update("kept-user-memberships") + sql.update("kept-group-memberships");
        return sql.single("kept-count");
    }

    /** The normalised DNs of the directory groups the read staged. */
    public Set<String> stagedGroupDns() throws SQLException {
        return new HashSet<>(sql.all("staged-directory-group-dns", r -> r.getString(1)));
    }

    /** Whether the plan now takes objects of this kind strictly below this normalised DN for gone (ones the last run found). */
    public boolean takesForGoneBelow(String dnNorm, ObjectKind kind) throws SQLException {
        long found = switch (kind) {
            case USER -> sql.single("gone-users-below-any", dnNorm, dnNorm);
            case GROUP -> sql.single("gone-groups-below-any", "DIRECTORY_GROUP", dnNorm, dnNorm);
            case CONTAINER -> sql.single("gone-groups-below-any", "CONTAINER", dnNorm, dnNorm);
        };
        return found > 0;
    }

    /**
     * The task's memberships before this run: what the membership share of the threshold is of. An
     * incremental run has them from its watermark; a full run derives them from its plan (what stays, less
     * what it adds, plus what it removes), which costs no count of the store. Called after {@link #count}.
     */
    public long storedMemberships() throws SQLException {
        if (membershipsStored < 0) {
            membershipsStored = incremental && options.membershipsBefore() != null
                    ? options.membershipsBefore()
                    : incremental
                            ? sql.single("task-memberships-count", taskId, taskId)
                            : membershipsAfterFull()
                                    - counts.membershipsAdded()
                                    + counts.membershipsRemoved()
                                    + removedWithGroups();
        }
        return membershipsStored;
    }

    private long membershipsAfterFull() throws SQLException {
        return sql.single("memberships-named-count") + keptMemberships;
    }

    /**
     * The task's memberships once this run is applied; asked before the apply. A full run's are what the
     * directory named plus what was kept; an incremental run's follow from the watermark's.
     */
    public long membershipsAfter() throws SQLException {
        if (!incremental) {
            return membershipsAfterFull();
        }
        return storedMemberships() + counts.membershipsAdded() - counts.membershipsRemoved() - removedWithGroups();
    }

    /** Memberships of gone groups: apply removes them too, and membershipsRemoved does not count them. */
    private long removedWithGroups() throws SQLException {
        if (gone.groups() == 0) {
            return 0;
        }
        return sql.single("memberships-of-gone-groups-count");
    }

    /**
     * Entries of the mapping's id attribute that share a value with another entry: a full run cannot tell
     * which of them a stored object is, so it stages neither and reports both. An id the directory keeps
     * unique, read once per entry, needs no check.
     */
    public List<DirectoryReader.EntryError> rejectDuplicateIds(String idAttribute) throws SQLException {
        List<DirectoryReader.EntryError> errors = new ArrayList<>();
        for (String kind : new String[] {"user", "group"}) {
            for (SharedId shared : sql.all(
                    "duplicate-" + kind + "-ids",
                    r -> new SharedId(r.getString(1), (String[]) r.getArray(2).getArray()))) {
                for (String dn : shared.dns()) {
                    List<String> others = Arrays.stream(shared.dns())
                            .filter(d -> !d.equals(dn))
                            .toList();
                    errors.add(new DirectoryReader.EntryError(
                            dn,
                            "has the same " + idAttribute + " (" + shared.id() + ") as " + String.join(" and ", others)
                                    + ": neither is synced until the id is unique"));
                }
            }
            if (!errors.isEmpty()) {
                sql.exec("duplicate-" + kind + "-ids-delete");
            }
        }
        return errors;
    }

    private record SharedId(String id, String[] dns) {}

    /**
     * Makes the store match the plan, and writes each change's event (see V21) from the same plan tables in
     * the same transaction; the caller commits or rolls back. The first statement writes events, which takes
     * the events lock before any row of the store changes.
     */
    public void apply() throws SQLException {
        UUID runId = options.runId();
        sql.exec("events-groups", taskId, runId);
        sql.exec("groups-create", taskId);
        sql.exec("groups-update");
        sql.exec("events-users", taskId, runId);
        sql.exec("events-users-updated", taskId, runId);
        sql.exec("events-users-enabled", taskId, runId);
        sql.exec("photos-write", (Object) new String[] {"UPDATED", "TAKEN_OVER", "RESTORED"});
        sql.exec("photos-delete");
        sql.exec("users-update", taskId);
        sql.exec("users-create", taskId);
        sql.exec("photos-write", (Object) new String[] {"CREATED"});
        if (!incremental) {
            if (sql.single("users-without-dn-norm-any", taskId) > 0) {
                sql.exec("users-dn-norm-backfill", taskId);
            }
            if (sql.single("groups-without-dn-norm-any", taskId) > 0) {
                sql.exec("groups-dn-norm-backfill", taskId);
            }
        }
        sql.exec(noneStored ? "events-memberships-none-stored" : "events-memberships", taskId, runId, taskId, runId);
        sql.exec("events-group-memberships", taskId, runId, taskId, runId);
        sql.exec(noneStored ? "user-memberships-add-none-stored" : "user-memberships-add");
        sql.exec("group-memberships-add");
        sql.exec("user-memberships-remove");
        sql.exec("group-memberships-remove");
        switch (options.userExtinction()) {
            case REMOVE -> {
                sql.exec("gone-users-remove", runId, false, taskId);
                sql.exec("gone-users-unlink", runId);
            }
            case DISABLE -> sql.exec("gone-users-disable", taskId, runId);
            case DISABLE_THEN_REMOVE -> {
                sql.exec("gone-users-remove", runId, true, taskId);
                sql.exec("gone-users-unlink", runId);
                sql.exec("gone-users-disable", taskId, runId);
            }
            case SKIP -> sql.exec("gone-users-keep", taskId);
        }
        if (options.groupExtinction() == GroupExtinctionHandling.REMOVE && gone.groups() > 0) {
            sql.exec("gone-groups-reparent-children", options.targetGroupId(), runId);
            sql.exec("gone-groups-reparent-users", options.targetGroupId(), runId);
            sql.exec("gone-groups-remove", runId, taskId);
        } else {
            sql.exec("gone-groups-keep", taskId);
        }
    }

    public void dropPlanTables() throws SQLException {
        sql.exec("drop-plan-tables");
    }
}
