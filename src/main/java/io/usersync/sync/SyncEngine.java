package io.usersync.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** How far before the directory's clock a modifyTimestamp watermark is set: clock skew between replicas and this service. */
    private final Duration modifyTimestampMargin;
    /** Beyond this many proposed removals (only past the threshold) they are not looked up one by one. */
    private final long verifyMax;

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
        this.modifyTimestampMargin = config.modifyTimestampMargin();
        this.verifyMax = config.verifyMax();
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
    private record ReadResult(long objectsRead, long ldapMillis, long copyMillis, String newestModifyTimestamp,
            Set<ObjectKind> presentPhase, long memberSearches, long memberSearchMillis) {
    }

    private void run(UUID runId, String owner, RunInput in, Connection db) throws SQLException {
        SyncTask task = in.task();
        EffectiveMapping mapping = EffectiveMapping.of(task.directoryType, task.mapping);
        long t0 = System.nanoTime();
        try (LDAPConnection ldap = connector.connect(in.connection())) {
            String scopeHash = TaskScope.hash(task);
            DirectoryPosition position = DirectoryPosition.probe(ldap, mapping, ldap.getHostPort(), task.baseDns, modifyTimestampMargin);
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
            finish(db, runId, owner, "CANCELLED", null, null, "cancelled; nothing was changed", null);
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
            DirectoryReader reader = new DirectoryReader(ldap, mapping, staging, task.baseDns, task.excludedDns, task.skipDisabledUsers,
                    pageSize, memberRangeStep, throttledProgress(runId, owner));
            MemberOfSupport.Decision memberships = MemberOfSupport.decide(ldap, mapping, task.baseDns);
            if (memberships.fromMemberOf()) {
                reader.membershipsFromMemberOf(task.id);
            }
            LOG.infof("run %s: memberships from %s (%s)", runId, memberships.fromMemberOf() ? "memberOf" : "member",
                    memberships.reason());
            Set<ObjectKind> presentPhase = Set.of();
            long memberSearches = 0;
            long memberSearchMillis = 0;
            if (incremental) {
                ChangeReader changes = new ChangeReader(reader, task.id, position, watermark, task.baseDns, storedContainers(db, task.id),
                        Math.max(incrementalMinChanges, (long) (watermark.objects() * incrementalMaxChangeFraction)), task.login);
                changes.read();
                presentPhase = changes.presentPhase();
                memberSearches = changes.memberSearches();
                memberSearchMillis = changes.memberSearchMillis();
            } else {
                if (position.feed() == ChangeFeed.MODIFY_TIMESTAMP) {
                    reader.trackModifyTimestamps();
                }
                reader.read();
            }
            ReadResult read = new ReadResult(reader.objectsRead(), reader.ldapMillis(), staging.copyMillis(), reader.newestModifyTimestamp(),
                    presentPhase, memberSearches, memberSearchMillis);
            long readAt = System.nanoTime();
            // progress is recorded at most twice a second; a short read would otherwise show 0
            if (planning(db, runId, read.objectsRead())) {
                throw new DirectoryReader.CancelledException();
            }
            boolean eachUserOnce = !incremental && reader.eachGroupOnce() && mapping.idUniqueInDirectory();
            SyncPlan plan = new SyncPlan(db, incremental
                    ? PlanOptions.incremental(task, runId, read.presentPhase(), watermark.objects(), watermark.memberships())
                    : PlanOptions.full(task, runId, reader.eachGroupOnce(), eachUserOnce));
            // plan and apply share one transaction: the plan's temporary tables then cost no commit (a WAL
            // flush) each, most of a small incremental run's planning time
            db.setAutoCommit(false);
            long planned = 0;
            try {
                tracing.phase("plan");
                maintenance.awaitStatistics();
                List<DirectoryReader.EntryError> entryErrors = new ArrayList<>(reader.entryErrors());
                long entryErrorCount = reader.entryErrorCount();
                if (!eachUserOnce) {
                    List<DirectoryReader.EntryError> duplicates = plan.rejectDuplicateIds(mapping.idAttribute());
                    entryErrors.addAll(duplicates);
                    entryErrorCount += duplicates.size();
                }
                if (entryErrorCount > maxEntryErrors) {
                    db.rollback();
                    finishOutsideTransaction(runId, owner, "FAILED", "TOO_MANY_ENTRY_ERRORS", entryErrorCount
                            + " directory entries could not be mapped (limit " + maxEntryErrors + "); nothing was changed");
                    return;
                }
                reader.references.place(ldap);
                String unplaced = reader.references.unplaced() == null ? null : "the read met the continuation reference "
                        + reader.references.unplaced() + ", which stands for a part of the directory it could not place, so nothing"
                        + " was removed, disabled or un-linked this run";
                String incompleteBecause = entryErrorCount > 0
                        ? entryErrorCount + " entries could not be mapped, so nothing was removed, disabled or un-linked this run"
                        : unplaced;
                boolean complete = incompleteBecause == null;
                long generation = ApplyLock.generation(db);
                Planned p = planAndVerify(plan, complete, in, task, mapping, ldap, reader, position, incremental);
                if (!in.dryRun() && p.failure() == null && p.blocked() == null) {
                    ApplyLock.acquire(db, () -> cancelRequested(runId));
                    if (ApplyLock.generation(db) != generation) {
                        // another task applied after this plan began: plan again, this time under the lock
                        p = planAndVerify(plan, complete, in, task, mapping, ldap, reader, position, incremental);
                    }
                }
                if (p.failure() != null) {
                    db.rollback();
                    finishOutsideTransaction(runId, owner, "FAILED", "INCOMPLETE_RESULT", p.failure());
                    return;
                }
                plan.count(entryErrorCount);
                String blocked = p.blocked() != null ? p.blocked() : membershipsBlockedBy(task.deleteThreshold(), plan, in.allowMassDelete());
                planned = System.nanoTime();
                if (cancelRequested(runId)) {
                    throw new DirectoryReader.CancelledException();
                }
                if (blocked == null && !in.dryRun()) {
                    // on its own connection: this transaction's writes are seen only when it commits
                    phaseOutsideTransaction(runId, "APPLYING");
                    tracing.phase("apply");
                }
                plan.recordChanges();
                recordEntryErrors(db, runId, entryErrors);
                String ended;
                if (blocked != null) {
                    ended = finish(db, runId, owner, "BLOCKED_BY_THRESHOLD", plan.counts(), null, blocked, (int) plan.wouldRemove());
                } else {
                    if (!in.dryRun()) {
                        // counted from the plan as it is before the apply
                        long membershipsAfter = plan.membershipsAfter();
                        plan.apply();
                        ApplyLock.applied(db);
                        advance(db, task.id, watermark, position, read, scopeHash, incremental, complete, plan.objectsAfter(),
                                membershipsAfter);
                    }
                    String kept = keptNote(p.keptOnVerify(), p.keptBelowReferences(), p.unverified());
                    String warning = kept == null ? unplaced : unplaced == null ? kept : kept + "; " + unplaced;
                    String note = warning == null ? incompleteBecause
                            : incompleteBecause == null || incompleteBecause.equals(unplaced) ? warning : warning + "; " + incompleteBecause;
                    ended = finish(db, runId, owner, warning != null ? "WARNING" : "SUCCEEDED", plan.counts(), null, note, null);
                }
                if (ended == null) {
                    db.rollback();
                    LOG.warnf("run %s was taken from this instance before it finished; its changes were rolled back", runId);
                } else if (ended.equals("CANCELLED")) {
                    throw new DirectoryReader.CancelledException();
                } else {
                    db.commit();
                    if (!incremental && !in.dryRun() && blocked == null && bulkWrite(plan.counts())) {
                        maintenance.afterBulkWrite(runId);
                    }
                    LOG.infof("run %s (%s, %s): read %d entries in %d ms (%d ms waiting for pages, %d ms in COPY, %d member searches in %d ms),"
                            + " planned in %d ms, recorded and applied in %d ms", runId, incremental ? "incremental" : "full", position.feed(),
                            read.objectsRead(), (readAt - started) / 1_000_000, read.ldapMillis(), read.copyMillis(),
                            read.memberSearches(), read.memberSearchMillis(), (planned - readAt) / 1_000_000, (System.nanoTime() - planned) / 1_000_000);
                }
            } catch (SQLException | RuntimeException | LDAPException | DirectoryReader.CancelledException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
                plan.dropPlanTables();
            }
        }
    }

    /**
     * What planning left for the apply: a failure (a base DN hidden from the account), a threshold block, and
     * how many objects were kept and why.
     */
    private record Planned(String failure, String blocked, long keptOnVerify, long keptBelowReferences, long unverified) {
    }

    /**
     * Plans, keeps what lies below continuation references, checks the object threshold, looks up every
     * proposed removal (see {@link RemovalVerifier}) and checks each base DN for a read that came back
     * empty. Run once without the apply lock and, if another task applied meanwhile, once more under it.
     */
    private Planned planAndVerify(SyncPlan plan, boolean complete, RunInput in, SyncTask task, EffectiveMapping mapping,
            LDAPConnection ldap, DirectoryReader reader, DirectoryPosition position, boolean incremental)
            throws SQLException, LDAPException {
        plan.plan(complete);
        long keptBelowReferences = 0;
        for (Map.Entry<String, String> subtree : reader.references.subtrees().entrySet()) {
            plan.keepBelow(subtree.getKey(), "below " + subtree.getKey() + ", a referral to " + subtree.getValue()
                    + " that the run does not follow: not read, so not removed");
        }
        if (!reader.references.subtrees().isEmpty()) {
            keptBelowReferences = plan.applyKept();
        }
        plan.countRemovals();
        String blocked = blockedBy(task.deleteThreshold(), plan.wouldRemove(), plan.ownedObjects(), in.allowMassDelete());
        long keptOnVerify = 0;
        long unverified = 0;
        if (blocked == null) {
            long candidates = plan.candidateCount();
            if (candidates > verifyMax) {
                // reachable only past the threshold (allowMassDelete, or limits off): an intended mass removal
                unverified = candidates;
            } else if (candidates > 0) {
                keptOnVerify = verify(plan, ldap, mapping, task, reader, position);
            }
        }
        String failure = null;
        if (!incremental && !in.allowMassDelete()) {
            failure = baseReadEmpty(plan, reader);
        }
        return new Planned(failure, blocked, keptOnVerify, keptBelowReferences, unverified);
    }

    /**
     * Looks every removal the plan proposes up in the directory and keeps those found inside the scope
     * (see {@link RemovalVerifier}); returns how many were kept. The removals are counted again after.
     */
    private long verify(SyncPlan plan, LDAPConnection ldap, EffectiveMapping mapping, SyncTask task, DirectoryReader reader,
            DirectoryPosition position) throws SQLException, LDAPException {
        Set<String> selected = reader.selectedGroupsRead();
        RemovalVerifier verifier = new RemovalVerifier(ldap, mapping, task.baseDns, reader.groupBases(), selected::contains,
                task.excludedDns, task.skipDisabledUsers, position.contexts(), RemovalVerifier.resolvesExtendedDns(ldap));
        List<SyncPlan.Kept> kept = verifier.inScope(plan.candidates((int) verifyMax));
        plan.keep(kept);
        if (!kept.isEmpty()) {
            plan.applyKept();
        }
        plan.countRemovals();
        return kept.size();
    }

    private static String keptNote(long onVerify, long belowReferences, long unverified) {
        List<String> parts = new ArrayList<>();
        if (onVerify > 0) {
            parts.add(onVerify + (onVerify == 1 ? " object" : " objects") + " the read did not return were found inside the task's scope"
                    + " (or could not be looked up) before their removal, and kept (KEPT_ON_VERIFY)");
        }
        if (belowReferences > 0) {
            parts.add(belowReferences + (belowReferences == 1 ? " object" : " objects") + " below continuation references were not read,"
                    + " and kept (KEPT)");
        }
        if (unverified > 0) {
            parts.add(unverified + " removals were not looked up in the directory first: more than USERSYNC_VERIFY_MAX");
        }
        return parts.isEmpty() ? null : String.join("; ", parts) + ": see the run's changes";
    }

    /**
     * A selected DN whose read returned no users below it while the plan would take users synced from there
     * for gone (after looking them up), or that returned nothing at all while the plan would take anything
     * synced from there for gone: most likely the account may no longer see them (an ACL change), and taking
     * them all for gone would be the mass removal the threshold exists for, one base at a time. What moved
     * elsewhere in the scope was read or found there and does not count, nor does what a previous run
     * already disabled or kept. A base that merely lost its last group still reads its users.
     */
    private static String baseReadEmpty(SyncPlan plan, DirectoryReader reader) throws SQLException, LDAPException {
        for (Map.Entry<String, Map<ObjectKind, Long>> base : reader.readBelowBase().entrySet()) {
            Map<ObjectKind, Long> read = base.getValue();
            String norm = SimpleDns.normalize(base.getKey());
            boolean noUsers = read.getOrDefault(ObjectKind.USER, 0L) == 0 && plan.takesForGoneBelow(norm, ObjectKind.USER);
            boolean nothing = read.values().stream().mapToLong(Long::longValue).sum() == 0
                    && (plan.takesForGoneBelow(norm, ObjectKind.GROUP) || plan.takesForGoneBelow(norm, ObjectKind.CONTAINER));
            if (noUsers || nothing) {
                return "the selected DN " + base.getKey() + " read no " + (noUsers ? "users" : "objects") + " below it, while the store"
                        + " holds some synced from there that the directory no longer shows: nothing was changed. If they were removed on"
                        + " purpose, run again with allowMassDelete: true";
            }
        }
        return null;
    }

    /**
     * Moves the task's watermark with the apply, in its transaction. Only a complete read moves it:
     * after one with entry errors the store is not what a full read gives, so the next incremental
     * run must not start from there.
     */
    private static void advance(Connection db, UUID taskId, Watermark old, DirectoryPosition position, ReadResult read,
            String scopeHash, boolean incremental, boolean complete, long objects, long memberships) throws SQLException {
        if (!complete) {
            WatermarkStore.delete(db, taskId);
            return;
        }
        String value = position.value();
        if (position.feed() == ChangeFeed.MODIFY_TIMESTAMP) {
            value = ModifyTimestamps.next(position.value(), read.newestModifyTimestamp(), incremental ? old.value() : null);
        }
        if (value == null) {
            WatermarkStore.delete(db, taskId);
            return;
        }
        OffsetDateTime fullAt = incremental ? old.fullAt() : OffsetDateTime.now();
        WatermarkStore.save(db, taskId, new Watermark(position.feed(), position.server(), position.invocationId(), value, scopeHash,
                fullAt, null, objects, memberships));
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
    static String blockedBy(DeleteThreshold t, long remove, long owned, boolean allowMassDelete) {
        if (allowMassDelete || remove == 0) {
            return null;
        }
        if (t.maxCount() != null && remove > t.maxCount()) {
            return "the run would remove or disable " + remove + " objects, more than the task's maxCount of " + t.maxCount()
                    + "; nothing was applied. Re-run with allowMassDelete: true if this is intended";
        }
        long of = Math.max(owned, 1);
        if (t.maxPercent() != null && remove * 100 > (long) t.maxPercent() * of) {
            return "the run would remove or disable " + remove + " of the task's " + owned + " objects ("
                    + (remove * 100 / of) + "%), more than the task's maxPercent of " + t.maxPercent()
                    + "%; nothing was applied. Re-run with allowMassDelete: true if this is intended";
        }
        return null;
    }

    /** A reason when the run would un-link more of the task's memberships than the threshold's share, else null. */
    static String membershipsBlockedBy(DeleteThreshold t, long removed, long stored, boolean allowMassDelete) {
        int percent = t.membershipPercentOrDefault();
        // a handful is ordinary, unless it is every one the task has
        if (allowMassDelete || (removed <= DeleteThreshold.MEMBERSHIP_FLOOR && removed < stored) || percent >= 100) {
            return null;
        }
        long of = Math.max(stored, 1);
        if (removed * 100 > (long) percent * of) {
            return "the run would remove " + removed + " of the task's " + stored + " memberships (" + Math.min(100, removed * 100 / of)
                    + "%), more than the task's maxMembershipPercent of " + percent + "%; nothing was applied. An account that may"
                    + " not read the groups' members reads them all as empty. Re-run with allowMassDelete: true if this is intended";
        }
        return null;
    }

    private static String membershipsBlockedBy(DeleteThreshold t, SyncPlan plan, boolean allowMassDelete) throws SQLException {
        long removed = plan.counts().membershipsRemoved();
        if (allowMassDelete || removed == 0) {
            return null;
        }
        return membershipsBlockedBy(t, removed, plan.storedMemberships(), false);
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

    /** Records that the run now plans; true when a cancel was asked for meanwhile. */
    private static boolean planning(Connection db, UUID runId, long objectsRead) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(
                "update sync_run set phase = 'PLANNING', objects_read = ? where id = ? returning cancel_requested")) {
            s.setLong(1, objectsRead);
            s.setObject(2, runId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    /** Whether a cancel was asked for; read on its own connection, outside the run's transaction. */
    private boolean cancelRequested(UUID runId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select cancel_requested from sync_run where id = ?")) {
            s.setObject(1, runId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
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

    /**
     * Ends the run only if this instance still holds it, and returns the status it ended with: CANCELLED
     * when a cancel was asked for (in that case the caller rolls back whatever it applied), null when another
     * instance took the run over meanwhile.
     */
    private static String finish(Connection db, UUID runId, String owner, String status, SyncCounts counts, String category,
            String reason, Integer wouldRemove) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("""
                update sync_run set
                       status = case when cancel_requested then 'CANCELLED' else ? end,
                       phase = null, finished_at = clock_timestamp(), counts = coalesce(?::jsonb, counts),
                       failure_category = case when cancel_requested then null else ? end,
                       failure_reason = case when not cancel_requested then ?
                           -- a cancelled run that then failed (say, waiting for a directory that never answered) says both
                           when ? = 'FAILED' then 'cancelled; nothing was changed (the run had also failed: ' || ? || ')'
                           else 'cancelled; nothing was changed' end,
                       would_remove = ?
                where id = ? and status = 'RUNNING' and lease_owner = ?
                returning status""")) {
            s.setString(1, status);
            s.setString(2, counts == null ? null : toJson(counts));
            s.setString(3, category);
            s.setString(4, reason);
            s.setString(5, status);
            s.setString(6, reason);
            s.setObject(7, wouldRemove);
            s.setObject(8, runId);
            s.setString(9, owner);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private void failOutsideTransaction(UUID runId, String owner, String category, String reason) {
        finishOutsideTransaction(runId, owner, "FAILED", category, reason);
    }

    private void finishOutsideTransaction(UUID runId, String owner, String status, String category, String reason) {
        try (Connection c = dataSource.getConnection()) {
            finish(c, runId, owner, status, null, category, reason, null);
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
