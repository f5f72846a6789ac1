package io.usersync.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.usersync.directory.DirectoryConnection;
import io.usersync.directory.DirectoryException;
import io.usersync.directory.EffectiveMapping;
import io.usersync.directory.LdapConnector;
import io.usersync.observe.RunTracing;
import io.usersync.run.RunMode;
import io.usersync.run.RunTrigger;
import io.usersync.task.DeleteThreshold;
import io.usersync.task.SyncTask;
import io.usersync.task.SyncTaskService;

/**
 * One run, start to end: connect, stream the directory into staging, plan, check completeness and
 * the delete threshold, then apply and record the outcome in one transaction. Any failure before
 * that commit leaves users and groups exactly as they were.
 */
@ApplicationScoped
public class SyncEngine {
    private static final Logger LOG = Logger.getLogger(SyncEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final StoreMaintenance maintenance;
    private final LdapConnector connector;
    private final SyncTaskService tasks;
    private final RunTracing tracing;
    private final int pageSize;
    private final int memberRangeStep;
    private final int maxEntryErrors;
    private final double incrementalMaxChangeFraction;
    /** However small the task, an incremental run may read this many changes before it gives way to a full one. */
    private final long incrementalMinChanges;

    SyncEngine(DataSource dataSource, StoreMaintenance maintenance, LdapConnector connector, SyncTaskService tasks, SyncConfig config,
            RunTracing tracing) {
        this.tracing = tracing;
        this.dataSource = dataSource;
        this.maintenance = maintenance;
        this.connector = connector;
        this.tasks = tasks;
        this.pageSize = config.pageSize();
        this.memberRangeStep = config.memberRangeStep();
        this.maxEntryErrors = config.maxEntryErrors();
        this.incrementalMaxChangeFraction = config.incrementalMaxChangeFraction();
        this.incrementalMinChanges = config.incrementalMinChanges();
    }

    private record RunInput(SyncTask task, DirectoryConnection connection, boolean dryRun, boolean allowMassDelete,
            RunMode mode, RunTrigger trigger) {
    }

    public void execute(UUID runId, String owner) {
        maintenance.runStarted();
        try {
            executeCounted(runId, owner);
        } finally {
            maintenance.runEnded();
        }
    }

    private void executeCounted(UUID runId, String owner) {
        RunInput in;
        try {
            in = QuarkusTransaction.requiringNew().call(() -> {
                Object[] run = (Object[]) SyncTask.getEntityManager()
                        .createNativeQuery("select task_id, dry_run, allow_mass_delete, mode, trigger from sync_run where id = ?1")
                        .setParameter(1, runId).getSingleResult();
                SyncTask t = tasks.get((UUID) run[0]);
                SyncTask.getEntityManager().detach(t);
                return new RunInput(t, tasks.connectionOf(t), (Boolean) run[1], (Boolean) run[2],
                        RunMode.valueOf((String) run[3]), RunTrigger.valueOf((String) run[4]));
            });
        } catch (RuntimeException e) {
            // a task deleted meanwhile, or a password the current USERSYNC_SECRET_KEY cannot decrypt
            LOG.errorf("run %s cannot start: %s", runId, e.getMessage());
            failOutsideTransaction(runId, owner, "TASK_UNREADABLE", "the run's task could not be loaded: " + e.getMessage());
            return;
        }
        try (Connection db = dataSource.getConnection()) {
            run(runId, owner, in, db);
        } catch (SQLException e) {
            LOG.errorf(e, "run %s failed on the database", runId);
            failOutsideTransaction(runId, owner, "DATABASE", "the database failed: " + e.getMessage());
        } catch (RuntimeException e) {
            // a defect of ours: the run's transaction was rolled back; say so rather than leave the run RUNNING
            LOG.errorf(e, "run %s stopped on an internal error", runId);
            failOutsideTransaction(runId, owner, "OTHER", "the run stopped on an internal error (" + e.getClass().getSimpleName()
                    + "); nothing was changed");
        }
    }

    /** What a read left for the plan: its errors, its size, and the watermark the next run continues from. */
    private record ReadResult(int entryErrorCount, List<DirectoryReader.EntryError> entryErrors, long objectsRead,
            long ldapMillis, long copyMillis, String newestModifyTimestamp, boolean presentPhase, long memberSearches,
            long memberSearchMillis) {
    }

    private void run(UUID runId, String owner, RunInput in, Connection db) throws SQLException {
        SyncTask task = in.task();
        EffectiveMapping mapping = EffectiveMapping.of(task.directoryType, task.mapping);
        long t0 = System.nanoTime();
        try (LDAPConnection ldap = connector.connect(in.connection())) {
            String scopeHash = TaskScope.hash(task);
            DirectoryPosition position = DirectoryPosition.probe(ldap, mapping, ldap.getHostPort(), task.baseDns);
            Watermark watermark = WatermarkStore.load(db, task.id);
            LOG.debugf("run %s: connected, bound and took the directory's position (%s) in %d ms", runId, position.feed(),
                    (System.nanoTime() - t0) / 1_000_000);
            String fullBecause = in.mode() == RunMode.FULL ? null
                    : ModeDecision.fullBecause(watermark, position, scopeHash, in.trigger(), task.schedule, OffsetDateTime.now());
            if (in.mode() == RunMode.INCREMENTAL && fullBecause == null) {
                mode(db, runId, RunMode.INCREMENTAL, null);
                try {
                    readPlanApply(runId, owner, in, db, ldap, mapping, position, watermark, scopeHash, true);
                    return;
                } catch (FullReadRequired e) {
                    fullBecause = e.getMessage();
                }
            }
            mode(db, runId, RunMode.FULL, fullBecause);
            readPlanApply(runId, owner, in, db, ldap, mapping, position, watermark, scopeHash, false);
        } catch (FullReadRequired e) {
            throw new IllegalStateException("a full read never asks for a full read", e);
        } catch (DirectoryException e) {
            LOG.infof("run %s failed: %s %s", runId, e.category(), e.getMessage());
            finish(db, runId, owner, "FAILED", null, e.category().name(), e.getMessage(), null);
        } catch (DirectoryReader.CancelledException e) {
            finish(db, runId, owner, "CANCELLED", null, null, "cancelled while reading; nothing was changed", null);
        } catch (LDAPException e) {
            finish(db, runId, owner, "FAILED", null, "OTHER", e.getMessage(), null);
        }
    }

    private void readPlanApply(UUID runId, String owner, RunInput in, Connection db, LDAPConnection ldap, EffectiveMapping mapping,
            DirectoryPosition position, Watermark watermark, String scopeHash, boolean incremental)
            throws SQLException, LDAPException, DirectoryException, DirectoryReader.CancelledException, FullReadRequired {
        SyncTask task = in.task();
        long started = System.nanoTime();
        tracing.phase("read");
        try (StagingTables staging = new StagingTables(db)) {
            LOG.debugf("run %s: staging tables made in %d ms", runId, (System.nanoTime() - started) / 1_000_000);
            DirectoryReader reader = new DirectoryReader(ldap, mapping, staging, task.excludedDns, task.skipDisabledUsers, pageSize,
                    memberRangeStep, throttledProgress(runId, owner));
            boolean presentPhase = false;
            long memberSearches = 0;
            long memberSearchMillis = 0;
            if (incremental) {
                ChangeReader changes = new ChangeReader(reader, task.id, position, watermark, task.baseDns, storedContainers(db, task.id),
                        Math.max(incrementalMinChanges, (long) (watermark.objects() * incrementalMaxChangeFraction)));
                changes.read();
                presentPhase = changes.presentPhase();
                memberSearches = changes.memberSearches();
                memberSearchMillis = changes.memberSearchMillis();
            } else {
                if (position.feed() == ChangeFeed.MODIFY_TIMESTAMP) {
                    reader.trackModifyTimestamps();
                }
                reader.read(task.baseDns);
            }
            ReadResult read = new ReadResult(reader.entryErrorCount(), reader.entryErrors(), reader.objectsRead(), reader.ldapMillis(),
                    staging.copyMillis(), reader.newestModifyTimestamp(), presentPhase, memberSearches, memberSearchMillis);
            long readAt = System.nanoTime();
            // progress is recorded at most twice a second; a short read would otherwise show 0
            planning(db, runId, read.objectsRead());

            if (read.entryErrorCount() > maxEntryErrors) {
                finish(db, runId, owner, "FAILED", null, "TOO_MANY_ENTRY_ERRORS", read.entryErrorCount()
                        + " directory entries could not be mapped (limit " + maxEntryErrors + "); nothing was changed", null);
                return;
            }
            boolean complete = read.entryErrorCount() == 0;
            SyncPlan plan = new SyncPlan(db, task.id, task.targetGroupId, runId, task.collisionHandling,
                    task.userExtinctionHandling, task.groupExtinctionHandling);
            if (incremental) {
                plan = plan.incremental(read.presentPhase(), watermark.objects());
            } else {
                plan.eachGroupOnce(reader.eachGroupOnce()).eachUserOnce(reader.eachGroupOnce() && mapping.idUniqueInDirectory());
            }
            // plan and apply share one transaction: the plan's temporary tables then cost no commit (a WAL
            // flush) each, most of a small incremental run's planning time
            db.setAutoCommit(false);
            long planned = 0;
            try {
                tracing.phase("plan");
                maintenance.awaitStatistics();
                plan.plan(complete, read.entryErrorCount());
                planned = System.nanoTime();
                String blocked = blockedBy(task.deleteThreshold(), plan, in.allowMassDelete());
                if (blocked == null && !in.dryRun()) {
                    // on its own connection: this transaction's writes are seen only when it commits
                    phaseOutsideTransaction(runId, "APPLYING");
                    tracing.phase("apply");
                }
                plan.recordChanges();
                recordEntryErrors(db, runId, read.entryErrors());
                String note = complete ? null
                        : read.entryErrorCount() + " entries could not be mapped, so nothing was removed or disabled this run";
                boolean ok;
                if (blocked != null) {
                    ok = finish(db, runId, owner, "BLOCKED_BY_THRESHOLD", plan.counts(), null, blocked, (int) plan.wouldRemove());
                } else {
                    if (!in.dryRun()) {
                        plan.apply();
                        advance(db, task.id, watermark, position, read, scopeHash, incremental, complete, plan.objectsAfter());
                    }
                    ok = finish(db, runId, owner, "SUCCEEDED", plan.counts(), null, note, null);
                }
                if (ok) {
                    db.commit();
                    if (!incremental && !in.dryRun() && blocked == null && bulkWrite(plan.counts())) {
                        maintenance.afterBulkWrite(runId);
                    }
                    LOG.infof("run %s (%s, %s): read %d entries in %d ms (%d ms waiting for pages, %d ms in COPY, %d member searches in %d ms),"
                            + " planned in %d ms, recorded and applied in %d ms", runId, incremental ? "incremental" : "full", position.feed(),
                            read.objectsRead(), (readAt - started) / 1_000_000, read.ldapMillis(), read.copyMillis(),
                            read.memberSearches(), read.memberSearchMillis(), (planned - readAt) / 1_000_000, (System.nanoTime() - planned) / 1_000_000);
                } else {
                    db.rollback();
                    LOG.warnf("run %s was taken from this instance before it finished; its changes were rolled back", runId);
                }
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
                plan.dropPlanTables();
            }
        }
    }

    /**
     * Moves the task's watermark with the apply, in its transaction. Only a complete read moves it:
     * after one with entry errors the store is not what a full read gives, so the next incremental
     * run must not start from there.
     */
    private static void advance(Connection db, UUID taskId, Watermark old, DirectoryPosition position, ReadResult read,
            String scopeHash, boolean incremental, boolean complete, long objects) throws SQLException {
        if (!complete) {
            WatermarkStore.delete(db, taskId);
            return;
        }
        String value = position.value();
        if (position.feed() == ChangeFeed.MODIFY_TIMESTAMP) {
            // nothing newer seen: keep the old value; a full run that saw no timestamp leaves no watermark
            value = read.newestModifyTimestamp() != null ? read.newestModifyTimestamp() : incremental ? old.value() : null;
        }
        if (value == null) {
            WatermarkStore.delete(db, taskId);
            return;
        }
        OffsetDateTime fullAt = incremental ? old.fullAt() : OffsetDateTime.now();
        WatermarkStore.save(db, taskId, new Watermark(position.feed(), position.server(), position.invocationId(), value, scopeHash,
                fullAt, null, objects));
    }

    /** The containers the task holds, external id to normalised DN: an incremental run's parents and moves. */
    private static Map<String, String> storedContainers(Connection db, UUID taskId) throws SQLException {
        Map<String, String> m = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement(
                "select external_id, dn_norm from user_group where task_id = ? and kind = 'CONTAINER' and dn_norm is not null"
                + " and source_hash is not null")) {
            s.setObject(1, taskId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    m.put(r.getString(1), r.getString(2));
                }
            }
        }
        return m;
    }

    /** A first run writes the store from empty; the next run's plans need statistics that say so. */
    private static final long BULK_WRITE_ROWS = 10_000;

    private static boolean bulkWrite(SyncCounts c) {
        return c.usersCreated() + c.membershipsAdded() + c.usersRemoved() + c.membershipsRemoved() > BULK_WRITE_ROWS;
    }

    /** Records the mode the run executes in, and that it is now reading. */
    private static void mode(Connection db, UUID runId, RunMode mode, String reason) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(
                "update sync_run set executed_mode = ?, mode_reason = ?, phase = 'READING' where id = ?")) {
            s.setString(1, mode.name());
            s.setString(2, reason);
            s.setObject(3, runId);
            s.executeUpdate();
        }
    }

    /** A reason when the run would remove more than the task allows, else null. */
    static String blockedBy(DeleteThreshold t, SyncPlan plan, boolean allowMassDelete) {
        long remove = plan.wouldRemove();
        if (allowMassDelete || remove == 0) {
            return null;
        }
        if (t.maxCount() != null && remove > t.maxCount()) {
            return "the run would remove or disable " + remove + " objects, more than the task's maxCount of " + t.maxCount()
                    + "; nothing was applied. Re-run with allowMassDelete: true if this is intended";
        }
        long owned = Math.max(plan.ownedObjects(), 1);
        if (t.maxPercent() != null && remove * 100 > (long) t.maxPercent() * owned) {
            return "the run would remove or disable " + remove + " of the task's " + plan.ownedObjects() + " objects ("
                    + (remove * 100 / owned) + "%), more than the task's maxPercent of " + t.maxPercent()
                    + "%; nothing was applied. Re-run with allowMassDelete: true if this is intended";
        }
        return null;
    }

    private static final long PROGRESS_EVERY_NANOS = 500_000_000L;

    /** Records progress and checks for cancellation at most twice a second, not on every page. */
    private DirectoryReader.Progress throttledProgress(UUID runId, String owner) {
        long[] last = { 0 };
        return total -> {
            long now = System.nanoTime();
            if (now - last[0] >= PROGRESS_EVERY_NANOS) {
                last[0] = now;
                progress(runId, owner, total);
            }
        };
    }

    /** Stops the read when the run was cancelled, or is no longer this instance's (handed back on shutdown, or taken over). */
    private void progress(UUID runId, String owner, long total) throws DirectoryReader.CancelledException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update sync_run set objects_read = ? where id = ? and lease_owner = ? and status = 'RUNNING' returning cancel_requested")) {
            s.setLong(1, total);
            s.setObject(2, runId);
            s.setString(3, owner);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next() || r.getBoolean(1)) {
                    throw new DirectoryReader.CancelledException();
                }
            }
        } catch (SQLException e) {
            LOG.debugf("progress of run %s not recorded: %s", runId, e.getMessage());
        }
    }

    private static void planning(Connection db, UUID runId, long objectsRead) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("update sync_run set phase = 'PLANNING', objects_read = ? where id = ?")) {
            s.setLong(1, objectsRead);
            s.setObject(2, runId);
            s.executeUpdate();
        }
    }

    private void phaseOutsideTransaction(UUID runId, String phase) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            phase(c, runId, phase);
        }
    }

    private static void phase(Connection db, UUID runId, String phase) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("update sync_run set phase = ? where id = ?")) {
            s.setString(1, phase);
            s.setObject(2, runId);
            s.executeUpdate();
        }
    }

    private static void recordEntryErrors(Connection db, UUID runId, List<DirectoryReader.EntryError> errors) throws SQLException {
        if (errors.isEmpty()) {
            return;
        }
        try (PreparedStatement s = db.prepareStatement(
                "insert into sync_run_change (run_id, action, object_type, dn, reason) values (?, 'ERROR', 'ENTRY', ?, ?)")) {
            for (DirectoryReader.EntryError e : errors) {
                s.setObject(1, runId);
                s.setString(2, e.dn());
                s.setString(3, e.reason());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Ends the run only if this instance still holds it; false when another took it over meanwhile. */
    private static boolean finish(Connection db, UUID runId, String owner, String status, SyncCounts counts, String category,
            String reason, Integer wouldRemove) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("""
                update sync_run set
                       -- a cancelled run that then failed (say, waiting for a directory that never answered) ends CANCELLED
                       status = case when cancel_requested and ? = 'FAILED' then 'CANCELLED' else ? end,
                       phase = null, finished_at = clock_timestamp(), counts = coalesce(?::jsonb, counts),
                       failure_category = ?, failure_reason = case when cancel_requested and ? = 'FAILED'
                           then 'cancelled; nothing was changed (the run had also failed: ' || ? || ')' else ? end,
                       would_remove = ?
                where id = ? and status = 'RUNNING' and lease_owner = ?""")) {
            s.setString(1, status);
            s.setString(2, status);
            s.setString(3, counts == null ? null : toJson(counts));
            s.setString(4, category);
            s.setString(5, status);
            s.setString(6, reason);
            s.setString(7, reason);
            s.setObject(8, wouldRemove);
            s.setObject(9, runId);
            s.setString(10, owner);
            return s.executeUpdate() == 1;
        }
    }

    private void failOutsideTransaction(UUID runId, String owner, String category, String reason) {
        try (Connection c = dataSource.getConnection()) {
            finish(c, runId, owner, "FAILED", null, category, reason, null);
        } catch (SQLException e) {
            LOG.errorf(e, "cannot record the end of run %s", runId);
        }
    }

    private static String toJson(SyncCounts counts) {
        try {
            return JSON.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
