package io.usersync.sync;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Per-run staging tables (temporary, on the run's own connection) filled with COPY: rows stream in
 * as directory pages arrive, a bounded buffer at a time, so memory stays flat whatever the size.
 */
public final class StagingTables implements AutoCloseable {
    private static final int FLUSH_ROWS = 5000;
    /** Also sent once a batch holds this much text: rows with photos are kilobytes each, and two batches are held. */
    private static final int FLUSH_BYTES = 4 << 20;

    private volatile long copyNanos;
    /** One writer thread owns the connection while COPY runs, so mapping and COPY overlap; one batch in flight. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "usersync-staging-copy");
        t.setDaemon(true);
        return t;
    });

    private Future<Void> pending;
    private final Connection connection;
    private final CopyManager copy;
    private final Buffer users = new Buffer(
            "copy s_user (ext_id, sid, dn, dn_norm, parent_norm, username, display_name, email, phone, office, job_title, department, description, enabled, account_expires_at, locked_out_at, primary_group_key, photo_sha256, attributes, source_hash) from stdin");
    private final Buffer groups = new Buffer(
            "copy s_group (kind, ext_id, sid, dn, dn_norm, parent_norm, name, description, primary_key, source_hash) from stdin");
    private final Buffer members = new Buffer("copy s_member (group_ext_id, member_norm) from stdin");
    private final Buffer memberDns = new Buffer("copy s_member_dn (group_norm, member_norm) from stdin");
    private final Buffer uidMembers = new Buffer("copy s_member_uid (group_ext_id, member_uid) from stdin");
    private final Buffer photos = new Buffer("copy s_user_photo (ext_id, content_type, sha256, bytes) from stdin");
    private final Buffer warnings = new Buffer("copy s_user_warning (ext_id, dn, reason) from stdin");
    private final Buffer foreignMembers = new Buffer("copy s_member_foreign (group_ext_id, sid) from stdin");
    // incremental runs only: what the directory says is gone, and the groups each changed object is in
    private final Buffer gone = new Buffer("copy s_gone (ext_id) from stdin");
    private final Buffer goneSubtrees = new Buffer("copy s_gone_subtree (dn_norm) from stdin");
    private final Buffer memberOf = new Buffer("copy s_member_of (group_norm, member_ext_id) from stdin");
    private final Buffer present = new Buffer("copy s_present (ext_id) from stdin");

    public StagingTables(Connection connection) throws SQLException {
        this.connection = connection;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try (Statement s = connection.createStatement()) {
            s.execute("""
                    -- cascade: a plan view that reads s_user (p_user_staged) may be left on this pooled connection
                    -- by a run that failed before it dropped its plan tables
                    drop table if exists s_user, s_group, s_member, s_member_dn, s_member_uid, s_member_foreign, s_user_photo, s_user_warning, s_gone, s_gone_subtree, s_member_of, s_present cascade;
                    -- attributes stay text until a row is written: an unchanged user's JSON is never parsed
                    create temp table s_user (ext_id text, sid text, dn text, dn_norm text, parent_norm text, username text,
                        display_name text, email text, phone text, office text, job_title text, department text,
                        description text, enabled boolean, account_expires_at timestamptz, locked_out_at timestamptz,
                        primary_group_key text, photo_sha256 text, attributes text, source_hash text);
                    create temp table s_user_photo (ext_id text, content_type text, sha256 text, bytes bytea);
                    create temp table s_user_warning (ext_id text, dn text, reason text);
                    create temp table s_group (kind text, ext_id text, sid text, dn text, dn_norm text, parent_norm text,
                        name text, description text, primary_key text, source_hash text);
                    create temp table s_member (group_ext_id text, member_norm text);
                    create temp table s_member_dn (group_norm text, member_norm text);
                    create temp table s_member_uid (group_ext_id text, member_uid text);
                    create temp table s_member_foreign (group_ext_id text, sid text);
                    create temp table s_gone (ext_id text);
                    create temp table s_gone_subtree (dn_norm text);
                    create temp table s_member_of (group_norm text, member_ext_id text);
                    create temp table s_present (ext_id text);
                    """);
        }
    }

    /** Time spent in COPY, for the run's timing log. */
    public long copyMillis() {
        return copyNanos / 1_000_000;
    }

    public Connection connection() {
        return connection;
    }

    public void add(StagedUser u) throws SQLException {
        users.row(
                u.externalId(),
                u.sid(),
                u.dn(),
                u.dnNorm(),
                u.parentNorm(),
                u.username(),
                u.displayName(),
                u.email(),
                u.phone(),
                u.office(),
                u.jobTitle(),
                u.department(),
                u.description(),
                u.enabled() ? "t" : "f",
                Objects.toString(u.accountExpiresAt(), null),
                Objects.toString(u.lockedOutAt(), null),
                u.primaryGroupKey(),
                u.photo() == null ? null : u.photo().sha256(),
                u.attributesJson(),
                u.sourceHash());
        if (u.photo() != null) {
            // bytea's hex input; COPY's text format escapes the backslash
            photos.row(
                    u.externalId(),
                    u.photo().contentType(),
                    u.photo().sha256(),
                    "\\x" + HexFormat.of().formatHex(u.photo().bytes()));
        }
        if (u.warning() != null) {
            warnings.row(u.externalId(), u.dn(), u.warning());
        }
    }

    public void add(StagedGroup g) throws SQLException {
        groups.row(
                g.kind(),
                g.externalId(),
                g.sid(),
                g.dn(),
                g.dnNorm(),
                g.parentNorm(),
                g.name(),
                g.description(),
                g.primaryKey(),
                g.sourceHash());
    }

    /** A member from another domain of the forest, by its SID (see {@link ForeignPrincipals}). */
    public void addForeignMember(String groupExternalId, String sid) throws SQLException {
        foreignMembers.row(groupExternalId, sid);
    }

    public void addMember(String groupExternalId, String memberDnNorm) throws SQLException {
        members.row(groupExternalId, memberDnNorm);
    }

    /** The DNs of staged directory groups without a staged member that the store holds with members. */
    public List<String> groupsReadEmptyWithStoredMembers(UUID taskId, int limit) throws SQLException {
        sendBuffered();
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("""
                select g.dn from s_group g join user_group u on u.task_id = ? and u.external_id = g.ext_id
                where g.kind = 'DIRECTORY_GROUP'
                  and not exists (select 1 from s_member m where m.group_ext_id = g.ext_id)
                  and not exists (select 1 from s_member_dn d where d.group_norm = g.dn_norm)
                  and (exists (select 1 from group_user_member x where x.group_id = u.id)
                       or exists (select 1 from group_group_member x where x.group_id = u.id))
                limit ?""")) {
            s.setObject(1, taskId);
            s.setInt(2, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    private void sendBuffered() throws SQLException {
        users.flush();
        groups.flush();
        members.flush();
        memberDns.flush();
        foreignMembers.flush();
        photos.flush();
        warnings.flush();
        awaitCopy();
    }

    /** Forgets every member row staged so far (buffered or sent), for a read that stages them again another way. */
    public void discardMembers() throws SQLException {
        sendBuffered();
        try (Statement s = connection.createStatement()) {
            s.execute("truncate s_member, s_member_dn, s_member_foreign");
        }
    }

    /** A member of the group with this normalised DN, read from the member's memberOf. */
    public void addMemberDn(String groupDnNorm, String memberDnNorm) throws SQLException {
        memberDns.row(groupDnNorm, memberDnNorm);
        memberDnRows = true;
    }

    private boolean memberDnRows;

    public void addMemberUid(String groupExternalId, String memberUid) throws SQLException {
        uidMembers.row(groupExternalId, memberUid);
    }

    /** An object the directory reports deleted, or that left the task's scope. */
    public void addGone(String externalId) throws SQLException {
        gone.row(externalId);
    }

    /** Everything stored below this (normalised) DN is gone unless read again elsewhere. */
    public void addGoneSubtree(String dnNorm) throws SQLException {
        goneSubtrees.row(dnNorm);
    }

    /** A changed object is a member of the group with this normalised DN. */
    public void addMemberOf(String groupNorm, String memberExternalId) throws SQLException {
        memberOf.row(groupNorm, memberExternalId);
    }

    /**
     * The groups holding this changed object were searched: the rows added with {@link #addMemberOf}
     * are all of them (a row with no group), so its stored memberships are compared with them.
     */
    public void addMembershipsSearched(String memberExternalId) throws SQLException {
        memberOf.row(null, memberExternalId);
    }

    /** Content sync's present phase: this object is unchanged and still there. */
    public void addPresent(String externalId) throws SQLException {
        present.row(externalId);
    }

    /** What the store holds for an external id: its DN at the last run, and whether that run found it in the directory (not kept or disabled as gone). */
    public record Stored(String dn, boolean synced) {}

    /** The task's stored users and groups with these external ids (COPY in flight ends first). */
    public Map<String, Stored> stored(UUID taskId, Collection<String> externalIds) throws SQLException {
        awaitCopy();
        Map<String, Stored> found = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement("""
                select external_id, dn, source_hash is not null from app_user where task_id = ? and external_id = any (?)
                union all
                select external_id, dn, source_hash is not null from user_group where task_id = ? and external_id = any (?)""")) {
            Array ids = connection.createArrayOf("text", externalIds.toArray());
            s.setObject(1, taskId);
            s.setArray(2, ids);
            s.setObject(3, taskId);
            s.setArray(4, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.put(r.getString(1), new Stored(r.getString(2), r.getBoolean(3)));
                }
            }
        }
        return found;
    }

    /** A stored group's DN and how many members the store holds for it. */
    public record StoredMembers(String dn, long members) {}

    /** How many users and groups (counted up to {@code countUpTo} of each) the store holds as members of the task's groups with these external ids. */
    public Map<String, StoredMembers> storedMemberCounts(UUID taskId, Collection<String> externalIds, int countUpTo)
            throws SQLException {
        awaitCopy();
        Map<String, StoredMembers> found = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement("""
                select g.external_id, g.dn,
                       (select count(*) from (select 1 from group_user_member m where m.group_id = g.id limit ?) u)
                     + (select count(*) from (select 1 from group_group_member m where m.group_id = g.id limit ?) c)
                from user_group g where g.task_id = ? and g.external_id = any (?)""")) {
            s.setInt(1, countUpTo);
            s.setInt(2, countUpTo);
            s.setObject(3, taskId);
            s.setArray(4, connection.createArrayOf("text", externalIds.toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.put(r.getString(1), new StoredMembers(r.getString(2), r.getLong(3)));
                }
            }
        }
        return found;
    }

    private boolean changesOnly;

    /** An incremental run stages a handful of rows: the plan hash-joins them, and indexes would only cost. */
    public void changesOnly() {
        changesOnly = true;
    }

    /**
     * Sends what is buffered and indexes s_group by external id, which the plan's first statement
     * merge-joins in order; DNs are joined in the plan tables. s_user is indexed by the plan when
     * it needs its rows in order (see SyncPlan#eachUserOnce).
     */
    public void finish() throws SQLException {
        users.flush();
        groups.flush();
        members.flush();
        memberDns.flush();
        uidMembers.flush();
        foreignMembers.flush();
        photos.flush();
        warnings.flush();
        gone.flush();
        goneSubtrees.flush();
        memberOf.flush();
        present.flush();
        awaitCopy();
        writer.shutdown();
        try (Statement s = connection.createStatement()) {
            if (memberDnRows) {
                // memberOf names groups by DN; the plan takes members by group id, as a group's own list gives them
                s.execute("""
                        insert into s_member (group_ext_id, member_norm)
                        select g.ext_id, d.member_norm from s_member_dn d
                        join s_group g on g.dn_norm = d.group_norm and g.kind = 'DIRECTORY_GROUP'""");
            }
            s.execute((changesOnly ? "" : """
                    create index on s_group (ext_id);
                    """)
                    + """
                    ANALYZE_USERS; analyze s_group; ANALYZE_MEMBERS; analyze s_member_uid;
                    analyze s_gone; analyze s_gone_subtree; analyze s_member_of; analyze s_present;
                    """.replace(
                                    "ANALYZE_USERS",
                                    PlanStatistics.analyze(
                                            !changesOnly,
                                            "s_user",
                                            "ext_id",
                                            "dn_norm",
                                            "parent_norm",
                                            "username",
                                            "sid"))
                            .replace(
                                    "ANALYZE_MEMBERS",
                                    PlanStatistics.analyze(!changesOnly, "s_member", "group_ext_id", "member_norm")));
        }
    }

    /** Groups below these normalised DNs named by memberOf values that no staged group has as its DN. */
    public List<String> memberOfGroupsNotStaged(List<String> belowNorms, int limit) throws SQLException {
        List<String> out = new ArrayList<>();
        if (!memberDnRows) {
            return out;
        }
        sendBuffered();
        try (PreparedStatement s = connection.prepareStatement("""
                select distinct d.group_norm from s_member_dn d
                where not exists (select 1 from s_group g where g.dn_norm = d.group_norm and g.kind = 'DIRECTORY_GROUP')
                  and exists (select 1 from unnest(?::text[]) b where right(d.group_norm, length(b) + 1) = ',' || b)
                limit ?""")) {
            s.setArray(1, connection.createArrayOf("text", belowNorms.toArray()));
            s.setInt(2, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        try {
            // let a COPY in flight end: interrupting it mid-stream would leave the connection unusable
            awaitCopy();
        } catch (SQLException e) {
            // the run already failed; what matters now is dropping the tables
        } finally {
            writer.shutdown();
        }
        try (Statement s = connection.createStatement()) {
            // cascade: SyncPlan#dropPlanTables drops the plan's views first, unless it failed
            s.execute(
                    "drop table if exists s_user, s_group, s_member, s_member_dn, s_member_uid, s_member_foreign, s_user_photo, s_user_warning, s_gone, s_gone_subtree, s_member_of, s_present cascade");
        }
    }

    private final class Buffer {
        private final String sql;
        /** Two buffers in turn: the COPY writer sends one while the other fills. */
        private CopyText text = new CopyText();

        private CopyText sending = new CopyText();
        private int rows;

        Buffer(String sql) {
            this.sql = sql;
        }

        void row(String... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    text.separator();
                }
                text.value(values[i]);
            }
            text.endRow();
            if (++rows >= FLUSH_ROWS || text.length() >= FLUSH_BYTES) {
                flush();
            }
        }

        /** Hands the buffer to the COPY writer and goes on mapping; waits only while the previous COPY still runs. */
        void flush() throws SQLException {
            if (rows == 0) {
                return;
            }
            // the previous COPY, which may have sent this buffer's other half, ends first
            awaitCopy();
            CopyText batch = text;
            text = sending;
            text.clear();
            sending = batch;
            pending = writer.submit(() -> {
                long t0 = System.nanoTime();
                CopyIn in = copy.copyIn(sql);
                try {
                    in.writeToCopy(batch.bytes(), 0, batch.length());
                    in.endCopy();
                } catch (SQLException e) {
                    if (in.isActive()) {
                        try {
                            in.cancelCopy();
                        } catch (SQLException c) {
                            e.addSuppressed(c);
                        }
                    }
                    throw e;
                }
                copyNanos += System.nanoTime() - t0;
                return null;
            });
            rows = 0;
        }
    }

    private void awaitCopy() throws SQLException {
        if (pending == null) {
            return;
        }
        try {
            pending.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException q
                    ? q
                    : new SQLException("COPY into staging failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while copying into staging", e);
        } catch (CancellationException e) {
            // shut down with the run
        } finally {
            pending = null;
        }
    }
}
