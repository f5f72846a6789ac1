package io.usersync.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.usersync.task.CollisionHandling;
import io.usersync.task.GroupExtinctionHandling;
import io.usersync.task.UserExtinctionHandling;

/**
 * Set-based plan and apply. The staged directory is joined with the live store on (task, external
 * id) into plan tables that say, per object, CREATED / UPDATED / UNCHANGED / COLLISION / TAKEN_OVER,
 * and which owned objects are gone. Counts and change records come from the same tables; a dry run
 * stops there. {@link #apply} then makes the store match in a handful of statements, in the
 * caller's transaction.
 */
public final class SyncPlan {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SyncPlan.class);
    /** Statements slower than this are logged: where a large run spends its time. */
    private static final long SLOW_MS = org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .unwrap(io.smallrye.config.SmallRyeConfig.class).getConfigMapping(SyncConfig.class).slowStatementMs();
    private final Connection c;
    private final UUID taskId;
    private final UUID targetGroupId;
    private final UUID runId;
    private final CollisionHandling collisions;
    private final UserExtinctionHandling userExtinction;
    private final GroupExtinctionHandling groupExtinction;

    /** Staging holds only what changed since the watermark; everything not staged stays as stored. */
    private final boolean incremental;
    /** The kinds whose incremental content sync answered with a present phase: of those, owned objects neither present nor changed are gone. */
    private Set<ObjectKind> presentPhase = Set.of();
    /** The task's memberships after the last run (its watermark's), or null when they must be counted. */
    private Long membershipsBefore;
    private long membershipsStored = -1;

    private SyncCounts counts;
    /** The read staged each group once, its member values without repeats (see DirectoryReader#eachGroupOnce). */
    private boolean eachGroupOnce;
    /** The read staged each user once, under a unique external id (see #eachUserOnce). */
    private boolean eachUserOnce;
    /** The plan table holding the user memberships to add. */
    private String addedMembersTable;
    private long wouldRemove;
    private long ownedObjects;
    private long takenOver;

    public SyncPlan(Connection c, UUID taskId, UUID targetGroupId, UUID runId, CollisionHandling collisions,
            UserExtinctionHandling userExtinction, GroupExtinctionHandling groupExtinction) {
        this.c = c;
        this.taskId = taskId;
        this.targetGroupId = targetGroupId;
        this.runId = runId;
        this.collisions = collisions;
        this.userExtinction = userExtinction;
        this.groupExtinction = groupExtinction;
        this.incremental = false;
    }

    private SyncPlan(SyncPlan full, Set<ObjectKind> presentPhase, long objectsBefore, Long membershipsBefore) {
        this.c = full.c;
        this.taskId = full.taskId;
        this.targetGroupId = full.targetGroupId;
        this.runId = full.runId;
        this.collisions = full.collisions;
        this.userExtinction = full.userExtinction;
        this.groupExtinction = full.groupExtinction;
        this.incremental = true;
        this.presentPhase = presentPhase;
        this.ownedObjects = objectsBefore;
        this.membershipsBefore = membershipsBefore;
    }

    /**
     * The same plan over a staging that holds only changed entries, deletions ({@code s_gone},
     * {@code s_gone_subtree}) and the groups each changed object is a member of ({@code s_member_of}):
     * parents and member values resolve against the store too, and only the memberships of staged or
     * gone objects are compared.
     *
     * @param objectsBefore the task's object count after the last run (its watermark's): counting
     *        a large task's users again would cost an incremental run more than the rest of its plan
     * @param membershipsBefore the same for memberships; null when the watermark does not carry it
     */
    public SyncPlan incremental(Set<ObjectKind> presentPhase, long objectsBefore, Long membershipsBefore) {
        return new SyncPlan(this, Set.copyOf(presentPhase), objectsBefore, membershipsBefore);
    }

    private static final String WIDE_USER_COLUMNS = Stream.of("sid", "dn", "parent_norm", "display_name", "email",
            "phone", "office", "job_title", "department", "description", "enabled", "attributes", "source_hash")
            .map(c -> "case when action <> 'UNCHANGED' then " + c + " end as " + c).collect(Collectors.joining(", "));

    private static final String DROP_PLAN_TABLES = "drop view if exists l_user_member_stored;"
            + " drop table if exists p_group, p_user, g_user, g_group, k_user, k_group, v_kept,"
            + " d_user_member, d_group_member, l_user_member, x_user_member, a_user_member, r_user_member, r_group_member";

    /** Tells the plan that the full read staged each group once, with distinct member values. */
    public SyncPlan eachGroupOnce(boolean once) {
        this.eachGroupOnce = once;
        return this;
    }

    /**
     * Tells the plan that the full read staged each user once, under an external id no other entry
     * has (a read that staged each entry once, ids the directory keeps unique); otherwise one row per
     * external id is kept.
     */
    public SyncPlan eachUserOnce(boolean once) {
        this.eachUserOnce = once;
        return this;
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
        return ownedObjects + counts.usersCreated() + counts.groupsCreated() + takenOver - counts.usersRemoved() - counts.groupsRemoved();
    }

    /**
     * @param extinctionAllowed false when the read had entry errors: an object that could not be
     *        mapped must not be taken for gone
     */
    public void plan(boolean extinctionAllowed) throws SQLException {
        exec(DROP_PLAN_TABLES);
        // CREATE TABLE AS takes no bind parameters: the plan's constants travel as session settings
        try (PreparedStatement s = c.prepareStatement("select set_config('usersync.task_id', ?, false), "
                + "set_config('usersync.target_group_id', ?, false), set_config('usersync.extinction_allowed', ?, false)")) {
            s.setString(1, taskId.toString());
            s.setString(2, targetGroupId.toString());
            s.setString(3, Boolean.toString(extinctionAllowed));
            s.execute();
        }
        exec("""
                create temp table p_group as
                select distinct on (s.ext_id) s.kind, s.ext_id, s.sid, s.dn, s.dn_norm, s.parent_norm, s.name, s.description,
                       s.source_hash, g.id as existing_id, coalesce(g.id, gen_random_uuid()) as id, g.source_hash as old_hash,
                       g.parent_id as old_parent_id, null::uuid as parent_id, null::text as action
                from s_group s left join user_group g on g.task_id = current_setting('usersync.task_id')::uuid and g.external_id = s.ext_id
                order by s.ext_id, s.kind""");
        // an incremental run's few rows are hash-joined: indexes would only cost their catalog work
        exec(incremental ? "analyze p_group" : "create index on p_group (dn_norm); create index on p_group (ext_id); analyze p_group");
        exec("""
                update p_group p set parent_id = coalesce(
                    (select q.id from p_group q where q.dn_norm = p.parent_norm and q.ext_id <> p.ext_id limit 1),"""
                + (incremental ? """
                    (select g.id from user_group g where g.task_id = current_setting('usersync.task_id')::uuid
                       and g.dn_norm = p.parent_norm and g.kind = 'CONTAINER' and g.source_hash is not null and g.external_id <> p.ext_id
                       and not exists (select 1 from p_group q where q.ext_id = g.external_id) limit 1),""" : "")
                // a parent that was not read (its entry could not be mapped) keeps a stored object where it was
                + " case when p.parent_norm is not null then p.old_parent_id end, ?)", targetGroupId);
        exec("""
                update p_group set action = case when existing_id is null then 'CREATED'
                    when old_hash is distinct from source_hash or old_parent_id is distinct from parent_id then 'UPDATED'
                    else 'UNCHANGED' end""");

        if (!incremental && !eachUserOnce) {
            // DISTINCT ON below reads s_user in external id order, merge-joined with the store's unique index
            exec("create index on s_user (ext_id)");
        }
        // an unchanged user's own fields are never read again: left out, every later scan of p_user reads
        // less, and its ANALYZE too
        exec("""
                create temp table p_user as
                select ext_id, dn_norm, username, existing_id, old_hash, old_group_id, group_id, collision_id, collision_reason,
                       action, id, WIDE
                from (
                select DISTINCT s.*, u.id as existing_id, u.source_hash as old_hash, u.group_id as old_group_id,
                       GROUP_ID as group_id, null::uuid as collision_id, null::text as collision_reason,
                       -- objects the task already owns are decided here; only new ones need the collision passes below
                       -- a new one is CREATED with a new id unless a collision pass below finds it taken
                       case when u.id is null then 'CREATED'
                            when u.source_hash is distinct from s.source_hash or u.group_id is distinct from GROUP_ID then 'UPDATED'
                            else 'UNCHANGED' end as action,
                       coalesce(u.id, gen_random_uuid()) as id
                from s_user s
                left join app_user u on u.task_id = current_setting('usersync.task_id')::uuid and u.external_id = s.ext_id
                left join p_group g on g.dn_norm = s.parent_norm
                STORED_PARENT
                ORDER) x""".replace("WIDE", WIDE_USER_COLUMNS)
                // each user staged once under an id the directory keeps unique: no sort of wide rows that
                // would drop none
                .replace("DISTINCT", eachUserOnce ? "" : "distinct on (s.ext_id)")
                .replace("ORDER", eachUserOnce ? "" : "order by s.ext_id")
                // a parent that was not read (its entry could not be mapped) keeps a stored user where it was
                .replace("GROUP_ID", incremental
                        ? "coalesce(g.id, sg.id, case when s.parent_norm is not null then u.group_id end, current_setting('usersync.target_group_id')::uuid)"
                        : "coalesce(g.id, case when s.parent_norm is not null then u.group_id end, current_setting('usersync.target_group_id')::uuid)")
                .replace("STORED_PARENT", incremental ? """
                left join user_group sg on g.id is null and sg.task_id = current_setting('usersync.task_id')::uuid
                     and sg.dn_norm = s.parent_norm and sg.kind = 'CONTAINER' and sg.source_hash is not null""" : ""));
        // two index-backed passes rather than one OR-join, which PostgreSQL can only run as a nested loop
        exec("""
                update p_user p set collision_id = c.id, collision_reason = 'same SID ' || p.sid
                    || case when c.task_id is null then ' as a user created by hand' else ' as a user of sync task ' || c.task_id end
                from app_user c
                where p.existing_id is null and p.sid is not null and c.sid = p.sid and c.task_id is distinct from ?""",
                taskId);
        exec("""
                update p_user p set collision_id = c.id, collision_reason = 'same username ' || p.username || ' in the same group'
                    || case when c.task_id is null then ' as a user created by hand' else ' as a user of sync task ' || c.task_id end
                from app_user c
                where p.existing_id is null and p.collision_id is null and c.group_id = p.group_id
                  and lower(c.username) = lower(p.username) and c.task_id is distinct from ?""", taskId);
        boolean overwrite = collisions == CollisionHandling.OVERWRITE;
        // only the colliding rows are rewritten: a first run's new rows are many and rarely collide
        exec("""
                update p_user set action = case when ? then 'TAKEN_OVER' else 'COLLISION' end, id = case when ? then collision_id end
                where existing_id is null and collision_id is not null""", overwrite, overwrite);
        // no indexes: every later use of p_user is a set join the planner runs as a hash join, so
        // building indexes would be pure cost
        exec(PlanStatistics.analyze(!incremental, "p_user", "ext_id", "dn_norm", "username", "action", "id", "existing_id", "collision_id", "group_id"));

        if (incremental) {
            planGoneIncrementally();
            planMembershipsIncrementally();
        } else {
            planGone();
            planMemberships();
        }
        exec("create index on d_group_member (group_id, member_group_id); " + PlanStatistics.analyze(!incremental, "d_user_member", "group_id", "user_id")
                + "; analyze d_group_member");

        // the membership difference is computed once: its size is the count, its rows are what apply writes
        // one full join of what the directory says with what the groups hold (l_user_member) gives both directions;
        // statements without parameters go to the server together: an incremental run's plan is mostly round trips
        // a task whose groups hold no one yet (its first run) adds every membership the directory names:
        // the full join and its two copies of every membership are wasted there
        String stored = incremental ? "l_user_member" : "l_user_member_stored";
        addedMembersTable = single("select count(*) from (select 1 from " + stored + " limit 1) x") == 0 ? "d_user_member" : "a_user_member";
        exec((addedMembersTable.equals("d_user_member") ? """
                create temp table r_user_member as select group_id, user_id from l_user_member""" : """
                create temp table x_user_member as
                select coalesce(d.group_id, l.group_id) as group_id, coalesce(d.user_id, l.user_id) as user_id, l.group_id is null as added
                from d_user_member d full join l_user_member l on l.group_id = d.group_id and l.user_id = d.user_id
                where l.group_id is null or d.group_id is null;
                create temp table a_user_member as select group_id, user_id from x_user_member where added;
                create temp table r_user_member as select group_id, user_id from x_user_member where not added""")
                .replace("l_user_member", stored));
        exec("create temp table v_kept (id uuid, object_type text, external_id text, dn text, action text, reason text)");
        keptMemberships = 0;
        if (!extinctionAllowed) {
            // a read that was not complete un-links nothing, as it removes and disables nothing
            keptMemberships += single("select (select count(*) from r_user_member) + (select count(*) from r_group_member)");
            exec("truncate r_user_member, r_group_member");
        } else if (groupExtinction == GroupExtinctionHandling.SKIP) {
            // a group kept by the policy was not read: nothing says its members changed
            keptMemberships += update("delete from r_user_member where group_id in (select id from g_group)")
                    + update("delete from r_group_member where group_id in (select id from g_group)");
        }
    }

    /** Stored memberships the plan leaves alone although the read did not confirm them (kept objects, incomplete reads). */
    private long keptMemberships;

    private long goneUsers;
    private long goneEnabledUsers;
    private long goneGroups;
    private boolean ownedCounted;

    /**
     * Counts the removals the plan would make (less what was kept) into {@link #wouldRemove}, and for a
     * full run the task's objects into {@link #ownedObjects}: what the delete threshold is checked against.
     */
    public void countRemovals() throws SQLException {
        boolean countOwned = !incremental && !ownedCounted;
        try (PreparedStatement st = c.prepareStatement("""
                select (select count(*) from g_user), (select count(*) from g_user where enabled), (select count(*) from g_group),
                       OWNED""".replace("OWNED", countOwned
                        ? "(select count(*) from app_user where task_id = ?) + (select count(*) from user_group where task_id = ?)" : "null"))) {
            if (countOwned) {
                st.setObject(1, taskId);
                st.setObject(2, taskId);
            }
            try (ResultSet r = st.executeQuery()) {
                r.next();
                goneUsers = r.getLong(1);
                goneEnabledUsers = r.getLong(2);
                goneGroups = r.getLong(3);
                if (countOwned) {
                    ownedObjects = r.getLong(4);
                    ownedCounted = true;
                }
            }
        }
        wouldRemove = removedUsers() + disabledUsers() + removedGroups();
    }

    private long removedUsers() {
        return userExtinction == UserExtinctionHandling.REMOVE ? goneUsers : 0;
    }

    private long disabledUsers() {
        return userExtinction == UserExtinctionHandling.DISABLE ? goneEnabledUsers : 0;
    }

    private long removedGroups() {
        return groupExtinction == GroupExtinctionHandling.REMOVE ? goneGroups : 0;
    }

    /** Counts everything the plan (less what was kept) would do. Called after {@link #countRemovals}. */
    public void count(long entryErrors) throws SQLException {
        Map<String, Long> users = new HashMap<>();
        Map<String, Long> groups = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(
                "select 'u', action, count(*) from p_user group by action union all select 'g', action, count(*) from p_group group by action")) {
            while (r.next()) {
                (r.getString(1).equals("u") ? users : groups).put(r.getString(2), r.getLong(3));
            }
        }
        long addedUserMembers;
        long addedGroupMembers;
        long removedUserMembers;
        long removedGroupMembers;
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("""
                select (select count(*) from ADDED),
                       (select count(*) from d_group_member d where not exists
                          (select 1 from group_group_member l where l.group_id = d.group_id and l.member_group_id = d.member_group_id)),
                       (select count(*) from r_user_member r where not exists (select 1 from g_group x where x.id = r.group_id)),
                       (select count(*) from r_group_member r where not exists (select 1 from g_group x where x.id = r.group_id))"""
                .replace("ADDED", addedMembersTable))) {
            r.next();
            addedUserMembers = r.getLong(1);
            addedGroupMembers = r.getLong(2);
            removedUserMembers = r.getLong(3);
            removedGroupMembers = r.getLong(4);
        }
        takenOver = users.getOrDefault("TAKEN_OVER", 0L);
        counts = new SyncCounts(
                users.getOrDefault("CREATED", 0L), users.getOrDefault("UPDATED", 0L) + users.getOrDefault("TAKEN_OVER", 0L),
                users.getOrDefault("UNCHANGED", 0L), removedUsers(), disabledUsers(),
                users.getOrDefault("COLLISION", 0L) + (userExtinction == UserExtinctionHandling.SKIP ? goneUsers : 0),
                groups.getOrDefault("CREATED", 0L), groups.getOrDefault("UPDATED", 0L), groups.getOrDefault("UNCHANGED", 0L),
                removedGroups(), groupExtinction == GroupExtinctionHandling.SKIP ? goneGroups : 0,
                addedUserMembers + addedGroupMembers, removedUserMembers + removedGroupMembers,
                users.getOrDefault("COLLISION", 0L) + users.getOrDefault("TAKEN_OVER", 0L), entryErrors);
    }

    private void planGone() throws SQLException {
        exec("""
                create temp table g_user as
                select u.id, u.external_id, u.dn, u.dn_norm, u.enabled, u.source_hash is not null as synced from app_user u
                where u.task_id = current_setting('usersync.task_id')::uuid and current_setting('usersync.extinction_allowed')::boolean and not exists (select 1 from p_user p where p.ext_id = u.external_id)""");
        exec("""
                create temp table g_group as
                select g.id, g.external_id, g.dn, g.dn_norm, g.kind, g.source_hash is not null as synced from user_group g
                where g.task_id = current_setting('usersync.task_id')::uuid and current_setting('usersync.extinction_allowed')::boolean and not exists (select 1 from p_group p where p.ext_id = g.external_id)""");
    }

    private void planMemberships() throws SQLException {
        // no duplicate elimination when each group was staged once with distinct values (users' DNs are
        // distinct too): a sort of every pair would drop none
        exec("""
                create temp table d_user_member as
                select g.id as group_id, u.id as user_id from s_member m
                  join p_group g on g.ext_id = m.group_ext_id join p_user u on u.dn_norm = m.member_norm
                  where u.id is not null
                UNION
                select DISTINCT g.id, u.id from s_member_uid m
                  join p_group g on g.ext_id = m.group_ext_id join p_user u on lower(u.username) = lower(m.member_uid)
                  where u.id is not null""".replace("UNION", eachGroupOnce ? "union all" : "union")
                .replace("DISTINCT", eachGroupOnce ? "distinct" : ""));
        exec("""
                create temp table d_group_member as
                select distinct g.id as group_id, c.id as member_group_id from s_member m
                  join p_group g on g.ext_id = m.group_ext_id
                  join p_group c on c.dn_norm = m.member_norm and c.kind = 'DIRECTORY_GROUP'
                  where g.id <> c.id""");
        // a view: the membership difference full-joins it once, and copying the stored rows into a
        // table first would only add a write of every membership
        exec("""
                create temp view l_user_member_stored as
                select l.group_id, l.user_id from group_user_member l join user_group g on g.id = l.group_id
                where g.task_id = current_setting('usersync.task_id')::uuid""");
        exec("""
                create temp table r_group_member as
                select l.group_id, l.member_group_id from group_group_member l join user_group g on g.id = l.group_id
                where g.task_id = current_setting('usersync.task_id')::uuid
                  and not exists (select 1 from d_group_member d where d.group_id = l.group_id and d.member_group_id = l.member_group_id)""");
    }

    /**
     * Gone: what the directory reported deleted, what left the scope, what sat below a container that
     * moved or left (unless read again at its new place), and, after a present phase, what was
     * neither present nor changed.
     */
    private void planGoneIncrementally() throws SQLException {
        // unions of joins, never OR-ed subqueries: an OR keeps PostgreSQL from hash joins, and with
        // large staging tables the per-row subplans it falls back to grow quadratically
        // branches for what this read did not stage are left out: each scans the task's objects
        String gone = """
                select x.id from TABLE x join s_gone g on g.ext_id = x.external_id
                where x.task_id = TASK"""
                // a text block starts at its first line: the leading space keeps "union" off the previous word
                + (single("select count(*) from s_gone_subtree") == 0 ? "" : " " + """
                union
                select x.id from TABLE x join s_gone_subtree t
                  on x.dn_norm = t.dn_norm or right(x.dn_norm, length(t.dn_norm) + 1) = ',' || t.dn_norm
                where x.task_id = TASK""");
        // a present phase speaks only for the kind its search read
        String absent = " " + """
                union
                select x.id from TABLE x where x.task_id = TASK KIND
                  and not exists (select 1 from s_present sp where sp.ext_id = x.external_id)""";
        List<String> groupKinds = new ArrayList<>();
        if (presentPhase.contains(ObjectKind.CONTAINER)) {
            groupKinds.add("'CONTAINER'");
        }
        if (presentPhase.contains(ObjectKind.GROUP)) {
            groupKinds.add("'DIRECTORY_GROUP'");
        }
        String usersGone = gone + (presentPhase.contains(ObjectKind.USER) ? absent.replace(" KIND", "") : "");
        String groupsGone = gone + (groupKinds.isEmpty() ? "" : absent.replace("KIND", "and x.kind in (" + String.join(", ", groupKinds) + ")"));
        queue("create temp table g_user as select x.id, x.external_id, x.dn, x.dn_norm, x.enabled, x.source_hash is not null as synced"
                + " from app_user x where x.id in ("
                + usersGone.replace("TABLE", "app_user") + ") and current_setting('usersync.extinction_allowed')::boolean"
                + " and not exists (select 1 from p_user p where p.ext_id = x.external_id)");
        queue("create temp table g_group as select x.id, x.external_id, x.dn, x.dn_norm, x.kind, x.source_hash is not null as synced"
                + " from user_group x where x.id in ("
                + groupsGone.replace("TABLE", "user_group") + ") and current_setting('usersync.extinction_allowed')::boolean"
                + " and not exists (select 1 from p_group p where p.ext_id = x.external_id)");
        queue("analyze g_user; analyze g_group");
        flush();
    }

    /**
     * Memberships of what was read: a changed group's members replace what the store holds for it,
     * and each changed object whose groups were searched has them replace its own rows (a user or group
     * the store already synced keeps its rows in groups that did not change). Member values resolve to
     * changed objects first, then to stored ones (k_user, k_group).
     */
    private void planMembershipsIncrementally() throws SQLException {
        queue("""
                create temp table k_user as
                select dn_norm, username, id from p_user where id is not null
                union all
                -- one index probe per member value: "offset 0" keeps PostgreSQL from flattening the lateral
                -- into a hash join over the task's every user (6x slower with 100,000 users and 1,500 values)
                select u.dn_norm, u.username, u.id from (select distinct member_norm from s_member) m
                -- only users the last run found in the directory: a full run resolves no value to one kept or disabled as gone
                cross join lateral (select v.dn_norm, v.username, v.id, v.external_id from app_user v
                                    where v.task_id = TASK and v.dn_norm = m.member_norm and v.source_hash is not null offset 0) u
                -- NOT IN (hashed; no NULLs on either side) rather than NOT EXISTS: the planner guesses the lateral
                -- yields one row and would rescan p_user for each of its 1,500
                where u.external_id not in (select ext_id from p_user)
                  and u.id not in (select id from g_user)
                union all
                -- a changed group may still name a renamed member by its previous DN (OpenLDAP's refint rewrites
                -- member values later, without changing the group again): that DN still means that member
                select u.dn_norm, p.username, p.id from p_user p join app_user u on u.id = p.existing_id
                where u.dn_norm <> p.dn_norm and not exists (select 1 from p_user q where q.dn_norm = u.dn_norm)
                UID_MEMBERS""".replace("UID_MEMBERS", single("select count(*) from s_member_uid") == 0 ? "" : " " + """
                union all
                select u.dn_norm, u.username, u.id from app_user u
                where u.task_id = TASK and lower(u.username) in (select lower(member_uid) from s_member_uid) and u.source_hash is not null
                  and not exists (select 1 from p_user p where p.ext_id = u.external_id)
                  and not exists (select 1 from g_user x where x.id = u.id)"""));
        queue("analyze k_user");
        queue("""
                create temp table k_group as
                select dn_norm, kind, id from p_group
                union all
                select g.dn_norm, g.kind, g.id from user_group g
                where g.task_id = TASK and g.source_hash is not null and g.kind = 'DIRECTORY_GROUP'
                  and g.external_id not in (select ext_id from p_group) and g.id not in (select id from g_group)
                union all
                -- a renamed group's previous DN, for the same refint delay as users' (k_user)
                select g.dn_norm, p.kind, p.id from p_group p join user_group g on g.id = p.existing_id
                where g.dn_norm <> p.dn_norm and not exists (select 1 from p_group q where q.dn_norm = g.dn_norm)""");
        queue("analyze k_group");
        queue("""
                create temp table d_user_member as
                select g.id as group_id, u.id as user_id from s_member m
                  join p_group g on g.ext_id = m.group_ext_id join k_user u on u.dn_norm = m.member_norm
                union
                select g.id, u.id from s_member_uid m
                  join p_group g on g.ext_id = m.group_ext_id join k_user u on lower(u.username) = lower(m.member_uid)
                union
                select g.id, u.id from s_member_of o
                  join k_group g on g.dn_norm = o.group_norm and g.kind = 'DIRECTORY_GROUP'
                  join p_user u on u.ext_id = o.member_ext_id where u.id is not null""");
        queue("""
                create temp table d_group_member as
                select g.id as group_id, c.id as member_group_id from s_member m
                  join p_group g on g.ext_id = m.group_ext_id
                  join k_group c on c.dn_norm = m.member_norm and c.kind = 'DIRECTORY_GROUP'
                  where g.id <> c.id
                union
                select g.id, c.id from s_member_of o
                  join k_group g on g.dn_norm = o.group_norm and g.kind = 'DIRECTORY_GROUP'
                  join p_group c on c.ext_id = o.member_ext_id and c.kind = 'DIRECTORY_GROUP'
                  where g.id <> c.id""");
        // the stored rows the read speaks for: those of staged groups and users, and of gone ones
        queue("""
                create temp table l_user_member as
                select l.group_id, l.user_id
                from (select id from p_group where kind = 'DIRECTORY_GROUP' union select id from g_group) x
                cross join lateral (select l.group_id, l.user_id from group_user_member l where l.group_id = x.id offset 0) l
                union
                -- a user's rows in unchanged groups only where its groups were searched (see ChangeReader#searchMemberOf)
                select l.group_id, l.user_id
                from (select p.id from p_user p where p.id is not null
                        and exists (select 1 from s_member_of o where o.member_ext_id = p.ext_id and o.group_norm is null)
                      union select id from g_user) x
                cross join lateral (select l.group_id, l.user_id from group_user_member l where l.user_id = x.id offset 0) l
                join user_group g on g.id = l.group_id
                where g.task_id = TASK""");
        queue("""
                create temp table r_group_member as
                select l.group_id, l.member_group_id from group_group_member l join user_group g on g.id = l.group_id
                where g.task_id = TASK
                  and (l.group_id in (select id from p_group where kind = 'DIRECTORY_GROUP' union all select id from g_group)
                       -- a group's rows as a member only where its groups were searched (see ChangeReader#searchMemberOf)
                       or l.member_group_id in (select p.id from p_group p where exists
                                                  (select 1 from s_member_of o where o.member_ext_id = p.ext_id and o.group_norm is null)
                                                union all select id from g_group))
                  and not exists (select 1 from d_group_member d where d.group_id = l.group_id and d.member_group_id = l.member_group_id)""");
        flush();
    }

    /** Writes one change record per object that changes (or would change), with the fields that differ. */
    public void recordChanges() throws SQLException {
        exec("""
                insert into sync_run_change (run_id, action, object_type, external_id, dn, changed_fields, reason)
                select ?, p.action, 'USER', p.ext_id, p.dn,
                       case when p.action in ('UPDATED', 'TAKEN_OVER') then array_remove(array[
                           case when u.username is distinct from p.username then 'username' end,
                           case when u.display_name is distinct from p.display_name then 'displayName' end,
                           case when u.email is distinct from p.email then 'email' end,
                           case when u.phone is distinct from p.phone then 'phone' end,
                           case when u.office is distinct from p.office then 'office' end,
                           case when u.job_title is distinct from p.job_title then 'jobTitle' end,
                           case when u.department is distinct from p.department then 'department' end,
                           case when u.description is distinct from p.description then 'description' end,
                           case when u.dn is distinct from p.dn then 'dn' end,
                           case when u.enabled is distinct from p.enabled then 'enabled' end,
                           case when u.group_id is distinct from p.group_id then 'groupId' end,
                           case when u.sid is distinct from p.sid then 'sid' end,
                           case when u.attributes is distinct from p.attributes::jsonb then 'attributes' end], null) end,
                       p.collision_reason
                from p_user p left join app_user u on u.id = coalesce(p.existing_id, p.collision_id)
                where p.action <> 'UNCHANGED'""", runId);
        exec("""
                insert into sync_run_change (run_id, action, object_type, external_id, dn, changed_fields)
                select ?, p.action, case when p.kind = 'CONTAINER' then 'CONTAINER' else 'GROUP' end, p.ext_id, p.dn,
                       case when p.action = 'UPDATED' then array_remove(array[
                           case when g.name is distinct from p.name then 'name' end,
                           case when g.description is distinct from p.description then 'description' end,
                           case when g.dn is distinct from p.dn then 'dn' end,
                           case when g.parent_id is distinct from p.parent_id then 'parentId' end,
                           case when g.sid is distinct from p.sid then 'sid' end], null) end
                from p_group p left join user_group g on g.id = p.existing_id
                where p.action <> 'UNCHANGED'""", runId);
        String userGone = switch (userExtinction) {
            case REMOVE -> "'REMOVED'";
            case DISABLE -> "case when enabled then 'DISABLED' else null end";
            case SKIP -> "'KEPT'";
        };
        exec("insert into sync_run_change (run_id, action, object_type, external_id, dn, reason) "
                + "select ?, a, 'USER', external_id, dn, 'no longer in the directory scope' from "
                + "(select " + userGone + " as a, external_id, dn from g_user) x where a is not null", runId);
        exec("insert into sync_run_change (run_id, action, object_type, external_id, dn, reason) "
                + "select ?, ?, 'GROUP', external_id, dn, 'no longer in the directory scope' from g_group",
                runId, groupExtinction == GroupExtinctionHandling.REMOVE ? "REMOVED" : "KEPT");
        exec("insert into sync_run_change (run_id, action, object_type, external_id, dn, reason)"
                + " select ?, action, object_type, external_id, dn, reason from v_kept", runId);
        // a group that reads empty while the store holds members: an account that may not read member looks the same
        exec("""
                insert into sync_run_change (run_id, action, object_type, external_id, dn, reason)
                select ?, 'WARNING', 'GROUP', p.ext_id, p.dn, 'read with no members while the store holds ' || n.members
                       || ': if the group was not emptied in the directory, check that the account may read its members'
                from (select group_id, count(*) as members from (select group_id from r_user_member union all select group_id from r_group_member) r
                      group by group_id) n
                join p_group p on p.existing_id = n.group_id
                where p.kind = 'DIRECTORY_GROUP'
                  and not exists (select 1 from s_member m where m.group_ext_id = p.ext_id)
                  and not exists (select 1 from s_member_uid m where m.group_ext_id = p.ext_id)""", runId);
    }

    /** A removal the plan proposes, to be looked up in the directory before it is made. */
    public record Candidate(UUID id, ObjectKind kind, String externalId, String dn) {
    }

    /** An object kept although the plan took it for gone, and why: action KEPT_ON_VERIFY or KEPT. */
    public record Kept(UUID id, ObjectKind kind, String externalId, String dn, String action, String reason) {
    }

    /**
     * The objects the last run found in the directory that the plan now takes for gone, whatever the
     * policy does with them (even SKIP un-links a user from the groups read): at most {@code limit}.
     * Under DISABLE, users already disabled change no more and are left out.
     */
    public List<Candidate> candidates(int limit) throws SQLException {
        String users = userExtinction == UserExtinctionHandling.DISABLE
                ? "select id, 'USER' as kind, external_id, dn from g_user where synced and enabled"
                : "select id, 'USER' as kind, external_id, dn from g_user where synced";
        String groups = "select id, case when kind = 'CONTAINER' then 'CONTAINER' else 'GROUP' end, external_id, dn from g_group where synced";
        List<Candidate> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(users + " union all " + groups + " limit ?")) {
            s.setInt(1, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Candidate(r.getObject(1, UUID.class), ObjectKind.valueOf(r.getString(2)), r.getString(3), r.getString(4)));
                }
            }
        }
        return out;
    }

    /** How many objects {@link #candidates} would return without a limit. */
    public long candidateCount() throws SQLException {
        return single((userExtinction == UserExtinctionHandling.DISABLE
                ? "select (select count(*) from g_user where synced and enabled)"
                : "select (select count(*) from g_user where synced)") + " + (select count(*) from g_group where synced)");
    }

    /** Keeps what the store holds at or below this (normalised) DN, for this reason: the read did not reach there. */
    public void keepBelow(String subtree, String reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                insert into v_kept (id, object_type, external_id, dn, action, reason)
                select x.id, 'USER', x.external_id, x.dn, 'KEPT', ? from g_user x
                where x.dn_norm = ? or right(x.dn_norm, length(?) + 1) = ',' || ?
                union all
                select x.id, case when x.kind = 'CONTAINER' then 'CONTAINER' else 'GROUP' end, x.external_id, x.dn, 'KEPT', ? from g_group x
                where x.dn_norm = ? or right(x.dn_norm, length(?) + 1) = ',' || ?""")) {
            s.setString(1, reason);
            s.setString(2, subtree);
            s.setString(3, subtree);
            s.setString(4, subtree);
            s.setString(5, reason);
            s.setString(6, subtree);
            s.setString(7, subtree);
            s.setString(8, subtree);
            s.executeUpdate();
        }
    }

    /** Records objects found in the task's scope when they were looked up before their removal. */
    public void keep(List<Kept> kept) throws SQLException {
        if (kept.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(
                "insert into v_kept (id, object_type, external_id, dn, action, reason) values (?, ?, ?, ?, ?, ?)")) {
            for (Kept k : kept) {
                s.setObject(1, k.id());
                s.setString(2, k.kind().name());
                s.setString(3, k.externalId());
                s.setString(4, k.dn());
                s.setString(5, k.action());
                s.setString(6, k.reason());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * Takes what was kept out of the removals, with its memberships: a kept user stays in its groups, and a
     * kept group keeps its members. Returns how many objects are kept in all.
     */
    public long applyKept() throws SQLException {
        if (single("select count(*) from (select 1 from v_kept limit 1) x") == 0) {
            return 0;
        }
        exec("""
                delete from g_user where id in (select id from v_kept);
                delete from g_group where id in (select id from v_kept)""");
        keptMemberships += update("delete from r_user_member where user_id in (select id from v_kept) or group_id in (select id from v_kept)")
                + update("delete from r_group_member where group_id in (select id from v_kept) or member_group_id in (select id from v_kept)");
        return single("select count(distinct id) from v_kept");
    }

    /** The normalised DNs of the directory groups the read staged. */
    public Set<String> stagedGroupDns() throws SQLException {
        Set<String> dns = new java.util.HashSet<>();
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("select dn_norm from p_group where kind = 'DIRECTORY_GROUP'")) {
            while (r.next()) {
                dns.add(r.getString(1));
            }
        }
        return dns;
    }

    /** Whether the plan now takes objects of this kind strictly below this normalised DN for gone (ones the last run found). */
    public boolean takesForGoneBelow(String dnNorm, ObjectKind kind) throws SQLException {
        String table = kind == ObjectKind.USER ? "g_user where synced" : kind == ObjectKind.GROUP
                ? "g_group where synced and kind = 'DIRECTORY_GROUP'" : "g_group where synced and kind = 'CONTAINER'";
        return single("select count(*) from (select 1 from " + table + " and right(dn_norm, length(?) + 1) = ',' || ? limit 1) x",
                dnNorm, dnNorm) > 0;
    }

    /**
     * The task's memberships before this run: what the membership share of the threshold is of. An
     * incremental run has them from its watermark; a full run derives them from its plan (what stays, less
     * what it adds, plus what it removes), which costs no count of the store. Called after {@link #count}.
     */
    public long storedMemberships() throws SQLException {
        if (membershipsStored < 0) {
            membershipsStored = incremental && membershipsBefore != null ? membershipsBefore
                    : incremental ? single("""
                            select (select count(*) from group_user_member l join user_group g on g.id = l.group_id where g.task_id = ?)
                                 + (select count(*) from group_group_member l join user_group g on g.id = l.group_id where g.task_id = ?)""",
                            taskId, taskId)
                    : membershipsAfterFull() - counts.membershipsAdded() + counts.membershipsRemoved() + removedWithGroups();
        }
        return membershipsStored;
    }

    private long membershipsAfterFull() throws SQLException {
        return single("select (select count(*) from d_user_member) + (select count(*) from d_group_member)") + keptMemberships;
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
        if (goneGroups == 0) {
            return 0;
        }
        return single("""
                select (select count(*) from r_user_member r where r.group_id in (select id from g_group))
                     + (select count(*) from r_group_member r where r.group_id in (select id from g_group))""");
    }

    /**
     * Entries of the mapping's id attribute that share a value with another entry: a full run cannot tell
     * which of them a stored object is, so it stages neither and reports both. An id the directory keeps
     * unique, read once per entry, needs no check.
     */
    public List<DirectoryReader.EntryError> rejectDuplicateIds(String idAttribute) throws SQLException {
        List<DirectoryReader.EntryError> errors = new ArrayList<>();
        for (String table : new String[] { "s_user", "s_group" }) {
            try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("""
                    select ext_id, array_agg(distinct dn) from TABLE where ext_id in
                        (select ext_id from TABLE group by ext_id having count(distinct dn_norm) > 1)
                    group by ext_id order by ext_id limit 1000""".replace("TABLE", table))) {
                while (r.next()) {
                    String[] dns = (String[]) r.getArray(2).getArray();
                    for (String dn : dns) {
                        List<String> others = java.util.Arrays.stream(dns).filter(d -> !d.equals(dn)).toList();
                        errors.add(new DirectoryReader.EntryError(dn, "has the same " + idAttribute + " (" + r.getString(1) + ") as "
                                + String.join(" and ", others) + ": neither is synced until the id is unique"));
                    }
                }
            }
            if (!errors.isEmpty()) {
                exec("delete from TABLE where ext_id in (select ext_id from TABLE group by ext_id having count(distinct dn_norm) > 1)"
                        .replace("TABLE", table));
            }
        }
        return errors;
    }

    /** Makes the store match the plan; the caller commits or rolls back. */
    public void apply() throws SQLException {
        exec("""
                insert into user_group (id, parent_id, name, description, task_id, external_id, kind, dn, dn_norm, sid, source_hash)
                select id, parent_id, name, description, ?, ext_id, kind, dn, dn_norm, sid, source_hash from p_group where action = 'CREATED'""",
                taskId);
        exec("""
                update user_group g set parent_id = p.parent_id, name = p.name, description = p.description, kind = p.kind,
                       dn = p.dn, dn_norm = p.dn_norm, sid = p.sid, source_hash = p.source_hash, version = g.version + 1, updated_at = now()
                from p_group p where p.action = 'UPDATED' and g.id = p.id""");
        exec("""
                update app_user u set task_id = ?, external_id = p.ext_id, sid = p.sid, group_id = p.group_id,
                       username = p.username, display_name = p.display_name, email = p.email, phone = p.phone, office = p.office,
                       job_title = p.job_title, department = p.department, description = p.description, dn = p.dn, dn_norm = p.dn_norm,
                       enabled = p.enabled, attributes = p.attributes::jsonb, source_hash = p.source_hash,
                       version = u.version + 1, updated_at = now()
                from p_user p where p.action in ('UPDATED', 'TAKEN_OVER') and u.id = p.id""", taskId);
        exec("""
                insert into app_user (id, task_id, external_id, sid, group_id, username, display_name, email, phone, office,
                                      job_title, department, description, dn, dn_norm, enabled, attributes, source_hash)
                select id, ?, ext_id, sid, group_id, username, display_name, email, phone, office, job_title, department,
                       description, dn, dn_norm, enabled, attributes::jsonb, source_hash from p_user where action = 'CREATED'""", taskId);
        // objects synced before normalised DNs were stored get theirs from the first full run after;
        // whether any is left is an index probe (V12), the update a join with the plan table
        for (String[] store : new String[][] { { "app_user", "p_user" }, { "user_group", "p_group" } }) {
            if (!incremental && single("select count(*) from (select 1 from " + store[0] + " where task_id = ? and dn_norm is null limit 1) x",
                    taskId) > 0) {
                exec("update " + store[0] + " x set dn_norm = p.dn_norm from " + store[1] + " p"
                        + " where x.task_id = ? and x.dn_norm is null and p.id = x.id", taskId);
            }
        }
        // from the planned difference, not ON CONFLICT: speculative insertion costs about half again as much per row;
        // in the key's order, so that each user's entries go to one place in it
        exec("insert into group_user_member (group_id, user_id) select group_id, user_id from " + addedMembersTable + " order by user_id, group_id");
        exec("""
                insert into group_group_member (group_id, member_group_id) select group_id, member_group_id from d_group_member
                on conflict do nothing""");
        exec("delete from group_user_member l using r_user_member r where l.group_id = r.group_id and l.user_id = r.user_id");
        exec("delete from group_group_member l using r_group_member r where l.group_id = r.group_id and l.member_group_id = r.member_group_id");
        switch (userExtinction) {
            // each by id and owner: what another task took over meanwhile is no longer this task's to remove
            case REMOVE -> exec("delete from app_user where id in (select id from g_user) and task_id = ?", taskId);
            case DISABLE -> exec("""
                    update app_user set enabled = false, source_hash = null, version = version + 1, updated_at = now()
                    where id in (select id from g_user where enabled) and task_id = ?""", taskId);
            // kept, but no longer what the directory says: incremental runs must not resolve member values or parents to it
            case SKIP -> exec("update app_user set source_hash = null where id in (select id from g_user) and source_hash is not null"
                    + " and task_id = ?", taskId);
        }
        if (groupExtinction == GroupExtinctionHandling.REMOVE) {
            // what still hangs below a removed group (kept users, groups made by hand) moves to the target group
            exec("update user_group set parent_id = ? where parent_id in (select id from g_group) and id not in (select id from g_group)",
                    targetGroupId);
            exec("update app_user set group_id = ? where group_id in (select id from g_group)", targetGroupId);
            exec("delete from user_group where id in (select id from g_group) and task_id = ?", taskId);
        } else {
            exec("update user_group set source_hash = null where id in (select id from g_group) and source_hash is not null"
                    + " and task_id = ?", taskId);
        }
    }

    public void dropPlanTables() throws SQLException {
        exec(DROP_PLAN_TABLES);
    }

    private final List<String> queued = new ArrayList<>();

    /**
     * Queues an incremental statement; {@link #flush} sends the queue in one round trip (an
     * incremental plan is mostly round trips). TASK becomes the task id as a literal (a UUID, nothing
     * to escape), so the planner sees the task's row count and drives the small staging tables into
     * the indexes; through current_setting it guesses a few hundred rows and scans the task instead.
     */
    private void queue(String sql) {
        queued.add(sql.replace("TASK", "'" + taskId + "'::uuid"));
    }

    private void flush() throws SQLException {
        if (!queued.isEmpty()) {
            exec(String.join(";\n", queued));
            queued.clear();
        }
    }

    private void exec(String sql, Object... params) throws SQLException {
        long t0 = System.nanoTime();
        try {
            execute(sql, params);
        } finally {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms >= SLOW_MS) {
                String oneLine = sql.strip().replaceAll("\\s+", " ");
                LOG.infof("%d ms: %s", ms, oneLine.substring(0, Math.min(120, oneLine.length())));
            }
        }
    }

    private long update(String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        }
    }

    private void execute(String sql, Object... params) throws SQLException {
        if (params.length == 0) {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return;
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            s.execute();
        }
    }

    private long single(String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
    }
}
