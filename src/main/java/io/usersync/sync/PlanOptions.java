package io.usersync.sync;

import io.usersync.directory.EffectiveMapping;
import io.usersync.directory.MembershipStyle;
import io.usersync.task.CollisionHandling;
import io.usersync.task.GroupExtinctionHandling;
import io.usersync.task.SyncTask;
import io.usersync.task.UserExtinctionHandling;
import java.util.Set;
import java.util.UUID;

/**
 * What a {@link SyncPlan} plans for: the task and its policies, and what the read staged.
 *
 * @param incremental staging holds only what changed since the watermark; everything not staged stays as stored
 * @param presentPhase the kinds whose incremental content sync answered with a present phase: of those,
 *        owned objects neither present nor changed are gone
 * @param objectsBefore for an incremental run, the task's objects after the last run (its watermark's):
 *        counting a large task's users again would cost an incremental run more than the rest of its plan
 * @param membershipsBefore the same for memberships; null when the watermark does not carry it (or the run is full)
 * @param eachGroupOnce the full read staged each group once, its member values without repeats
 *        (see DirectoryReader#eachGroupOnce)
 * @param eachUserOnce the full read staged each user once, under an external id no other entry has (a read
 *        that staged each entry once, ids the directory keeps unique); otherwise one row per external id is kept
 * @param primaryMovesReread a user whose primary group changes has the groups it leaves read again by an
 *        incremental run: AD rewrites both groups' member values, and memberUid groups are searched for every
 *        changed user; elsewhere its row in the group it left stays until a full run reads that group
 * @param removeAfterSeconds DISABLE_THEN_REMOVE's removeAfterDays in seconds; -1 under the other policies
 * @param oneObject the staging holds one object a run of mode OBJECT read: nothing task-wide is planned
 */
public record PlanOptions(
        UUID taskId,
        UUID targetGroupId,
        UUID runId,
        CollisionHandling collisions,
        UserExtinctionHandling userExtinction,
        GroupExtinctionHandling groupExtinction,
        boolean incremental,
        Set<ObjectKind> presentPhase,
        long objectsBefore,
        Long membershipsBefore,
        boolean eachGroupOnce,
        boolean eachUserOnce,
        boolean primaryMovesReread,
        long removeAfterSeconds,
        boolean oneObject) {

    public PlanOptions {
        presentPhase = Set.copyOf(presentPhase);
        if (incremental && (eachGroupOnce || eachUserOnce)) {
            throw new IllegalArgumentException("only a full read stages each object once");
        }
        if (!incremental && (!presentPhase.isEmpty() || objectsBefore != 0 || membershipsBefore != null)) {
            throw new IllegalArgumentException("a full run counts what the task holds itself");
        }
    }

    /** A plan over a full read of the task's scope. */
    public static PlanOptions full(SyncTask task, UUID runId, boolean eachGroupOnce, boolean eachUserOnce) {
        return new PlanOptions(
                task.id,
                task.targetGroupId,
                runId,
                task.collisionHandling,
                task.userExtinctionHandling,
                task.groupExtinctionHandling,
                false,
                Set.of(),
                0,
                null,
                eachGroupOnce,
                eachUserOnce,
                false,
                removeAfterSeconds(task),
                false);
    }

    /**
     * A plan over a staging that holds only changed entries, deletions ({@code s_gone}, {@code s_gone_subtree})
     * and the groups each changed object is a member of ({@code s_member_of}): parents and member values
     * resolve against the store too, and only the memberships of staged or gone objects are compared.
     */
    public static PlanOptions incremental(
            SyncTask task, UUID runId, Set<ObjectKind> presentPhase, long objectsBefore, Long membershipsBefore) {
        return incremental(task, runId, presentPhase, objectsBefore, membershipsBefore, false);
    }

    /** A plan over one object a run of mode OBJECT staged, as an incremental read stages a changed one. */
    public static PlanOptions oneObject(SyncTask task, UUID runId, long objectsBefore) {
        return incremental(task, runId, Set.of(), objectsBefore, null, true);
    }

    private static PlanOptions incremental(
            SyncTask task,
            UUID runId,
            Set<ObjectKind> presentPhase,
            long objectsBefore,
            Long membershipsBefore,
            boolean oneObject) {
        return new PlanOptions(
                task.id,
                task.targetGroupId,
                runId,
                task.collisionHandling,
                task.userExtinctionHandling,
                task.groupExtinctionHandling,
                true,
                presentPhase,
                objectsBefore,
                membershipsBefore,
                false,
                false,
                primaryMovesReread(task),
                removeAfterSeconds(task),
                oneObject);
    }

    /** How long DISABLE_THEN_REMOVE keeps a user disabled before removing it; -1 under the other policies. */
    private static long removeAfterSeconds(SyncTask task) {
        if (task.userExtinctionHandling != UserExtinctionHandling.DISABLE_THEN_REMOVE) {
            return -1;
        }
        return (task.removeAfterDays == null ? SyncTask.DEFAULT_REMOVE_AFTER_DAYS : task.removeAfterDays) * 86_400L;
    }

    private static boolean primaryMovesReread(SyncTask task) {
        EffectiveMapping m = EffectiveMapping.of(task.directoryType, task.mapping);
        return m.isActiveDirectory() || m.membershipStyle() == MembershipStyle.MEMBER_UID;
    }
}
