package io.usersync.sync;

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
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * One run, start to end: connect, stream the directory into staging, plan, check completeness and
 * the delete threshold, then apply and record the outcome in one transaction. Any failure before
 * that commit leaves users and groups exactly as they were.
 */
@ApplicationScoped
public class SyncEngine {
    private static final Logger LOG = Logger.getLogger(SyncEngine.class);

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

    private final int photoMaxBytes;

    SyncEngine(
            DataSource dataSource,
            StoreMaintenance maintenance,
            LdapConnector connector,
            SyncTaskService tasks,
            SyncConfig config,
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
        this.photoMaxBytes = config.photoMaxBytes();
    }

    private record RunInput(SyncOrder order, SyncTask task, DirectoryConnection connection) {
        boolean dryRun() {
            return order.dryRun();
        }

        boolean allowMassDelete() {
            return order.allowMassDelete();
        }
    }

    /** Executes one run and reports it to the ledger; whatever happens, the run ends recorded or handed on. */
    public void execute(SyncOrder order, RunLedger ledger) {
        maintenance.runStarted();
        try {
            executeCounted(order, ledger);
        } finally {
            maintenance.runEnded();
        }
    }

    private void executeCounted(SyncOrder order, RunLedger ledger) {
        UUID runId = order.runId();
        RunInput in;
        try {
            in = QuarkusTransaction.requiringNew().call(() -> {
                SyncTask t = tasks.get(order.taskId());
                SyncTask.getEntityManager().detach(t);
                return new RunInput(order, t, tasks.connectionOf(t));
            });
        } catch (RuntimeException e) {
            // a task deleted meanwhile, or a password the current USERSYNC_SECRET_KEY cannot decrypt
            LOG.errorf("run %s cannot start: %s", runId, e.getMessage());
            ledger.finishAlone(
                    RunOutcome.failed("TASK_UNREADABLE", "the run's task could not be loaded: " + e.getMessage()));
            return;
        }
        try (Connection db = dataSource.getConnection()) {
            run(in, ledger, db);
        } catch (SQLException e) {
            LOG.errorf(e, "run %s failed on the database", runId);
            ledger.finishAlone(RunOutcome.failed("DATABASE", "the database failed: " + e.getMessage()));
        } catch (RuntimeException e) {
            // a defect of ours: the run's transaction was rolled back; say so rather than leave the run RUNNING
            LOG.errorf(e, "run %s stopped on an internal error", runId);
            ledger.finishAlone(RunOutcome.failed(
                    "OTHER",
                    "the run stopped on an internal error (" + e.getClass().getSimpleName()
                            + "); nothing was changed"));
        }
    }

    /** What a read left for the plan: its errors, its size, and the watermark the next run continues from. */
    private record ReadResult(
            long objectsRead,
            long ldapMillis,
            long copyMillis,
            String newestModifyTimestamp,
            Set<ObjectKind> presentPhase,
            long memberSearches,
            long memberSearchMillis) {}

    private void run(RunInput in, RunLedger ledger, Connection db) throws SQLException {
        UUID runId = in.order().runId();
        SyncTask task = in.task();
        EffectiveMapping mapping = EffectiveMapping.of(task.directoryType, task.mapping);
        long t0 = System.nanoTime();
        try (LdapConnector.Bound bound = connector.connectFirst(in.connection())) {
            LDAPConnection ldap = bound.connection();
            ledger.server(bound.server().host(), bound.server().port(), bound.dnsHostName(), bound.skipped());
            if (!bound.skipped().isEmpty()) {
                LOG.infof(
                        "run %s: reads from %s; skipped before it: %s",
                        runId, bound.server().hostPort(), String.join("; ", bound.skipped()));
            }
            String scopeHash = TaskScope.hash(task);
            if (in.order().mode() == RunMode.OBJECT) {
                ledger.reading(db, RunMode.OBJECT, null);
                DirectoryPosition contexts =
                        DirectoryPosition.contextsOnly(ldap, bound.server().hostPort(), task.baseDns);
                readPlanApply(in, ledger, db, ldap, mapping, contexts, null, scopeHash, true);
                return;
            }
            DirectoryPosition position = DirectoryPosition.probe(
                    ldap, mapping, bound.server().hostPort(), task.baseDns, modifyTimestampMargin);
            List<Watermark> watermarks = WatermarkStore.load(db, task.id);
            Watermark watermark = ModeDecision.matching(watermarks, position);
            LOG.debugf(
                    "run %s: connected, bound and took the directory's position (%s) in %d ms",
                    runId, position.feed(), (System.nanoTime() - t0) / 1_000_000);
            SyncOrder order = in.order();
            String fullBecause = order.mode() == RunMode.FULL
                    ? null
                    : ModeDecision.fullBecause(
                            watermark,
                            watermarks,
                            position,
                            scopeHash,
                            order.trigger(),
                            task.schedule,
                            OffsetDateTime.now());
            if (fullBecause == null && order.mode() == RunMode.INCREMENTAL && task.skipExpiredUsers) {
                fullBecause = expiredSinceRead(db, task.id);
            }
            if (order.mode() == RunMode.INCREMENTAL && fullBecause == null) {
                ledger.reading(db, RunMode.INCREMENTAL, null);
                try {
                    readPlanApply(in, ledger, db, ldap, mapping, position, watermark, scopeHash, true);
                    return;
                } catch (FullReadRequired e) {
                    fullBecause = e.getMessage();
                }
            }
            ledger.reading(db, RunMode.FULL, fullBecause);
            readPlanApply(in, ledger, db, ldap, mapping, position, watermark, scopeHash, false);
        } catch (FullReadRequired e) {
            throw new IllegalStateException("a full read never asks for a full read", e);
        } catch (DirectoryException e) {
            LOG.infof("run %s failed: %s %s", runId, e.category(), e.getMessage());
            ledger.finish(db, RunOutcome.failed(e.category().name(), e.getMessage()));
        } catch (DirectoryReader.CancelledException e) {
            ledger.finish(db, RunOutcome.cancelled());
        } catch (LDAPException e) {
            ledger.finish(db, RunOutcome.failed("OTHER", e.getMessage()));
        }
    }

    private void readPlanApply(
            RunInput in,
            RunLedger ledger,
            Connection db,
            LDAPConnection ldap,
            EffectiveMapping mapping,
            DirectoryPosition position,
            Watermark watermark,
            String scopeHash,
            boolean incremental)
            throws SQLException, LDAPException, DirectoryException, DirectoryReader.CancelledException,
                    FullReadRequired {
        UUID runId = in.order().runId();
        SyncTask task = in.task();
        ObjectTarget target = in.order().object();
        long started = System.nanoTime();
        tracing.phase("read");
        try (StagingTables staging = new StagingTables(db)) {
            LOG.debugf("run %s: staging tables made in %d ms", runId, (System.nanoTime() - started) / 1_000_000);
            UsersLeftOut leftOut = UsersLeftOut.of(task, OffsetDateTime.now());
            ReadContext context = new ReadContext(
                    ldap,
                    mapping,
                    staging,
                    task.baseDns,
                    task.excludedDns,
                    leftOut,
                    pageSize,
                    photoMaxBytes,
                    throttledProgress(ledger));
            DirectoryReader reader = new DirectoryReader(context, task.baseDns, memberRangeStep);
            MemberOfSupport.Decision memberships = MemberOfSupport.decide(ldap, mapping, task.baseDns);
            if (memberships.fromMemberOf()) {
                reader.membershipsFromMemberOf(task.id);
            }
            LOG.infof(
                    "run %s: memberships from %s (%s)",
                    runId, memberships.fromMemberOf() ? "memberOf" : "member", memberships.reason());
            Set<ObjectKind> presentPhase = Set.of();
            long memberSearches = 0;
            long memberSearchMillis = 0;
            ObjectReader one = null;
            ObjectReader.Found found = null;
            if (target != null) {
                one = new ObjectReader(
                        context,
                        reader,
                        task.id,
                        task.baseDns,
                        new HashSet<>(storedContainers(db, task.id).values()),
                        db);
                String refused = readOne(one, target, context);
                if (refused != null) {
                    ledger.trace(db, one.trace(), null);
                    ledger.finish(db, RunOutcome.failed("OTHER", refused + "; nothing was changed"));
                    return;
                }
                found = one.found();
                // what was read stays on the run if planning or applying fails; the full trace replaces it
                ledger.trace(db, one.trace(), null);
            } else if (incremental) {
                ChangeReader changes = new ChangeReader(
                        context,
                        reader,
                        task.id,
                        position,
                        watermark,
                        task.baseDns,
                        storedContainers(db, task.id),
                        Math.max(incrementalMinChanges, (long) (watermark.objects() * incrementalMaxChangeFraction)),
                        task.login);
                changes.read();
                presentPhase = changes.presentPhase();
                memberSearches = changes.memberSearches();
                memberSearchMillis = changes.memberSearchMillis();
            } else {
                if (position.feed() == ChangeFeed.MODIFY_TIMESTAMP) {
                    context.search().trackModifyTimestamps();
                }
                reader.read();
            }
            ReadResult read = new ReadResult(
                    context.objectsRead(),
                    context.search().ldapMillis(),
                    staging.copyMillis(),
                    context.search().newestModifyTimestamp(),
                    presentPhase,
                    memberSearches,
                    memberSearchMillis);
            long readAt = System.nanoTime();
            // progress is recorded at most twice a second; a short read would otherwise show 0
            if (ledger.planning(db, read.objectsRead())) {
                throw new DirectoryReader.CancelledException();
            }
            boolean eachUserOnce = !incremental && reader.eachGroupOnce() && mapping.idUniqueInDirectory();
            SyncPlan plan = new SyncPlan(
                    db,
                    target != null
                            ? PlanOptions.oneObject(task, runId, objectsOf(db, task.id))
                            : incremental
                                    ? PlanOptions.incremental(
                                            task,
                                            runId,
                                            read.presentPhase(),
                                            watermark.objects(),
                                            watermark.memberships())
                                    : PlanOptions.full(task, runId, reader.eachGroupOnce(), eachUserOnce));
            // plan and apply share one transaction: the plan's temporary tables then cost no commit (a WAL
            // flush) each, most of a small incremental run's planning time
            db.setAutoCommit(false);
            holdRun(db, runId);
            long planned = 0;
            try {
                tracing.phase("plan");
                maintenance.awaitStatistics();
                List<DirectoryReader.EntryError> entryErrors = new ArrayList<>(context.entryErrors());
                long entryErrorCount = context.entryErrorCount();
                if (!eachUserOnce) {
                    List<DirectoryReader.EntryError> duplicates = plan.rejectDuplicateIds(mapping.idAttribute());
                    entryErrors.addAll(duplicates);
                    entryErrorCount += duplicates.size();
                }
                if (entryErrorCount > maxEntryErrors) {
                    db.rollback();
                    ledger.finishAlone(RunOutcome.failed(
                            "TOO_MANY_ENTRY_ERRORS",
                            entryErrorCount + " directory entries could not be mapped (limit " + maxEntryErrors
                                    + "); nothing was changed"));
                    return;
                }
                reader.references().place(ldap);
                String unplaced = reader.references().unplaced() == null
                        ? null
                        : "the read met the continuation reference "
                                + reader.references().unplaced()
                                + ", which stands for a part of the directory it could not place, so nothing"
                                + " was removed, disabled or un-linked this run";
                String incompleteBecause = entryErrorCount > 0
                        ? entryErrorCount
                                + " entries could not be mapped, so nothing was removed, disabled or un-linked this run"
                        : unplaced;
                boolean complete = incompleteBecause == null;
                long generation = ApplyLock.generation(db);
                Planned p = planAndVerify(plan, complete, in, task, mapping, ldap, reader, position, incremental);
                if (!in.dryRun() && p.failure() == null && p.blocked() == null) {
                    ApplyLock.acquire(db, ledger::cancelRequested);
                    if (ApplyLock.generation(db) != generation) {
                        // another task applied after this plan began: plan again, this time under the lock
                        p = planAndVerify(plan, complete, in, task, mapping, ldap, reader, position, incremental);
                    }
                }
                if (p.failure() != null) {
                    db.rollback();
                    ledger.finishAlone(RunOutcome.failed("INCOMPLETE_RESULT", p.failure()));
                    return;
                }
                plan.count(entryErrorCount);
                String blocked = p.blocked() != null
                        ? p.blocked()
                        : membershipsBlockedBy(task.deleteThreshold(), plan, in.allowMassDelete());
                planned = System.nanoTime();
                if (ledger.cancelRequested()) {
                    throw new DirectoryReader.CancelledException();
                }
                if (blocked == null && !in.dryRun()) {
                    // on its own connection: this transaction's writes are seen only when it commits
                    ledger.phase("APPLYING");
                    tracing.phase("apply");
                }
                plan.recordChanges();
                ledger.entryErrors(db, entryErrors);
                if (one != null) {
                    ledger.trace(
                            db,
                            ObjectTraces.outcome(one.trace(), found, plan, db, runId, blocked, in.dryRun()),
                            found == null ? null : found.externalId());
                }
                RunEnd ended;
                if (blocked != null) {
                    ended = ledger.finish(
                            db, new RunOutcome(RunEnd.BLOCKED_BY_THRESHOLD, plan.counts(), null, blocked, (int)
                                    plan.wouldRemove()));
                } else {
                    if (!in.dryRun() && target != null) {
                        // one object says nothing of the rest of the directory: the watermark stays
                        plan.apply();
                        ApplyLock.applied(db);
                    } else if (!in.dryRun()) {
                        // counted from the plan as it is before the apply
                        long membershipsAfter = plan.membershipsAfter();
                        plan.apply();
                        ApplyLock.applied(db);
                        advance(
                                db,
                                task.id,
                                watermark,
                                position,
                                read,
                                scopeHash,
                                incremental,
                                complete,
                                plan.objectsAfter(),
                                membershipsAfter);
                    }
                    String kept = keptNote(p.keptOnVerify(), p.keptBelowReferences(), p.unverified());
                    String warning = kept == null ? unplaced : unplaced == null ? kept : kept + "; " + unplaced;
                    String note = warning == null
                            ? incompleteBecause
                            : incompleteBecause == null || incompleteBecause.equals(unplaced)
                                    ? warning
                                    : warning + "; " + incompleteBecause;
                    ended = ledger.finish(
                            db,
                            new RunOutcome(
                                    warning != null ? RunEnd.WARNING : RunEnd.SUCCEEDED,
                                    plan.counts(),
                                    null,
                                    note,
                                    null));
                }
                if (ended == null) {
                    db.rollback();
                    LOG.warnf(
                            "run %s was taken from this instance before it finished; its changes were rolled back",
                            runId);
                } else if (ended == RunEnd.CANCELLED) {
                    throw new DirectoryReader.CancelledException();
                } else {
                    db.commit();
                    if (!incremental && !in.dryRun() && blocked == null && bulkWrite(plan.counts())) {
                        maintenance.afterBulkWrite(runId);
                    }
                    LOG.infof(
                            "run %s (%s, %s): read %d entries in %d ms (%d ms waiting for pages, %d ms in COPY, %d member searches in %d ms),"
                                    + " planned in %d ms, recorded and applied in %d ms",
                            runId,
                            incremental ? "incremental" : "full",
                            position.feed(),
                            read.objectsRead(),
                            (readAt - started) / 1_000_000,
                            read.ldapMillis(),
                            read.copyMillis(),
                            read.memberSearches(),
                            read.memberSearchMillis(),
                            (planned - readAt) / 1_000_000,
                            (System.nanoTime() - planned) / 1_000_000);
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
    private record Planned(
            String failure, String blocked, long keptOnVerify, long keptBelowReferences, long unverified) {}

    /**
     * Plans, keeps what lies below continuation references, checks the object threshold, looks up every
     * proposed removal (see {@link RemovalVerifier}) and checks each base DN for a read that came back
     * empty. Run once without the apply lock and, if another task applied meanwhile, once more under it.
     */
    private Planned planAndVerify(
            SyncPlan plan,
            boolean complete,
            RunInput in,
            SyncTask task,
            EffectiveMapping mapping,
            LDAPConnection ldap,
            DirectoryReader reader,
            DirectoryPosition position,
            boolean incremental)
            throws SQLException, LDAPException {
        plan.plan(complete);
        long keptBelowReferences = 0;
        for (Map.Entry<String, String> subtree : reader.references().subtrees().entrySet()) {
            plan.keepBelow(
                    subtree.getKey(),
                    "below " + subtree.getKey() + ", a referral to " + subtree.getValue()
                            + " that the run does not follow: not read, so not removed");
        }
        if (!reader.references().subtrees().isEmpty()) {
            keptBelowReferences = plan.applyKept();
        }
        plan.countRemovals();
        String blocked =
                blockedBy(task.deleteThreshold(), plan.wouldRemove(), plan.ownedObjects(), in.allowMassDelete());
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
    private long verify(
            SyncPlan plan,
            LDAPConnection ldap,
            EffectiveMapping mapping,
            SyncTask task,
            DirectoryReader reader,
            DirectoryPosition position)
            throws SQLException, LDAPException {
        Set<String> selected = reader.selectedGroupsRead();
        RemovalVerifier verifier = new RemovalVerifier(
                ldap,
                mapping,
                task.baseDns,
                reader.groupBases(),
                selected::contains,
                task.excludedDns,
                reader.leftOut(),
                position.contexts(),
                RemovalVerifier.resolvesExtendedDns(ldap));
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
            parts.add(onVerify + (onVerify == 1 ? " object" : " objects")
                    + " the read did not return were found inside the task's scope"
                    + " (or could not be looked up) before their removal, and kept (KEPT_ON_VERIFY)");
        }
        if (belowReferences > 0) {
            parts.add(belowReferences + (belowReferences == 1 ? " object" : " objects")
                    + " below continuation references were not read," + " and kept (KEPT)");
        }
        if (unverified > 0) {
            parts.add(
                    unverified + " removals were not looked up in the directory first: more than USERSYNC_VERIFY_MAX");
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
        for (Map.Entry<String, Map<ObjectKind, Long>> base :
                reader.readBelowBase().entrySet()) {
            Map<ObjectKind, Long> read = base.getValue();
            String norm = SimpleDns.normalize(base.getKey());
            boolean noUsers =
                    read.getOrDefault(ObjectKind.USER, 0L) == 0 && plan.takesForGoneBelow(norm, ObjectKind.USER);
            boolean nothing = read.values().stream().mapToLong(Long::longValue).sum() == 0
                    && (plan.takesForGoneBelow(norm, ObjectKind.GROUP)
                            || plan.takesForGoneBelow(norm, ObjectKind.CONTAINER));
            if (noUsers || nothing) {
                return "the selected DN " + base.getKey() + " read no " + (noUsers ? "users" : "objects")
                        + " below it, while the store"
                        + " holds some synced from there that the directory no longer shows: nothing was changed. If they were removed on"
                        + " purpose, run again with allowMassDelete: true";
            }
        }
        return null;
    }

    /** Moves the task's watermark with the apply, in its transaction (see {@link #nextWatermark}). */
    private static void advance(
            Connection db,
            UUID taskId,
            Watermark old,
            DirectoryPosition position,
            ReadResult read,
            String scopeHash,
            boolean incremental,
            boolean complete,
            long objects,
            long memberships)
            throws SQLException {
        Watermark next = nextWatermark(
                old,
                position,
                read.newestModifyTimestamp(),
                scopeHash,
                incremental,
                complete,
                objects,
                memberships,
                OffsetDateTime.now());
        if (next == null) {
            WatermarkStore.delete(db, taskId);
        } else {
            WatermarkStore.save(db, taskId, next);
        }
    }

    /**
     * The watermark the next incremental run continues from, or null when it must run full. Only a complete
     * read moves it: after one with entry errors the store is not what a full read gives, so the next
     * incremental run must not start from there. An incremental run keeps the time of the last full one.
     */
    static Watermark nextWatermark(
            Watermark old,
            DirectoryPosition position,
            String newestModifyTimestamp,
            String scopeHash,
            boolean incremental,
            boolean complete,
            long objects,
            long memberships,
            OffsetDateTime now) {
        if (!complete) {
            return null;
        }
        String value = position.value();
        if (position.feed() == ChangeFeed.MODIFY_TIMESTAMP) {
            value = ModifyTimestamps.next(position.value(), newestModifyTimestamp, incremental ? old.value() : null);
        }
        if (value == null) {
            return null;
        }
        OffsetDateTime fullAt = incremental ? old.fullAt() : now;
        return new Watermark(
                position.feed(),
                position.server(),
                position.invocationId(),
                value,
                scopeHash,
                fullAt,
                null,
                objects,
                memberships,
                position.seen());
    }

    /**
     * With skipExpiredUsers, a stored user whose account has expired since it was read must go, but its
     * expiry changed nothing in the directory for an incremental read to see: the reason to read in full, or null.
     */
    private static String expiredSinceRead(Connection db, UUID taskId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(
                "select count(*) from app_user where task_id = ? and source_hash is not null and account_expires_at <= now()")) {
            s.setObject(1, taskId);
            try (ResultSet r = s.executeQuery()) {
                long n = r.next() ? r.getLong(1) : 0;
                return n == 0
                        ? null
                        : n + (n == 1 ? " stored user has" : " stored users have")
                                + " expired since it was read, which changes nothing in the directory: skipExpiredUsers takes"
                                + " a full run to leave them out";
            }
        }
    }

    /**
     * Reads the one object of a run of mode OBJECT into staging; the reason it cannot, or null. An entry that
     * cannot be mapped is an entry error, as in any read: the plan then removes nothing.
     */
    private static String readOne(ObjectReader one, ObjectTarget target, ReadContext context)
            throws DirectoryException, SQLException, DirectoryReader.CancelledException {
        String[] refused = {null};
        context.read(() -> {
            try {
                one.read(target);
            } catch (ObjectReader.Refused e) {
                refused[0] = e.getMessage();
            } catch (EntryMapper.BadEntryException e) {
                context.entryError(target.dn() != null ? target.dn() : target.username(), e.getMessage());
            }
        });
        return refused[0];
    }

    /** The task's objects, tombstones left out: what an OBJECT run's threshold percentage is of. */
    private static long objectsOf(Connection db, UUID taskId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(
                "select (select count(*) from app_user where task_id = ?) - (select count(*) from app_user where task_id = ? and removed_at is not null)"
                        + " + (select count(*) from user_group where task_id = ?) - (select count(*) from user_group where task_id = ? and removed_at is not null)")) {
            for (int i = 1; i <= 4; i++) {
                s.setObject(i, taskId);
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
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

    /** A reason when the run would remove more than the task allows, else null. */
    static String blockedBy(DeleteThreshold t, long remove, long owned, boolean allowMassDelete) {
        if (allowMassDelete || remove == 0) {
            return null;
        }
        if (t.maxCount() != null && remove > t.maxCount()) {
            return "the run would remove or disable " + remove + " objects, more than the task's maxCount of "
                    + t.maxCount() + "; nothing was applied. Re-run with allowMassDelete: true if this is intended";
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
            return "the run would remove " + removed + " of the task's " + stored + " memberships ("
                    + Math.min(100, removed * 100 / of)
                    + "%), more than the task's maxMembershipPercent of " + percent
                    + "%; nothing was applied. An account that may"
                    + " not read the groups' members reads them all as empty. Re-run with allowMassDelete: true if this is intended";
        }
        return null;
    }

    private static String membershipsBlockedBy(DeleteThreshold t, SyncPlan plan, boolean allowMassDelete)
            throws SQLException {
        long removed = plan.counts().membershipsRemoved();
        if (allowMassDelete || removed == 0) {
            return null;
        }
        return membershipsBlockedBy(t, removed, plan.storedMemberships(), false);
    }

    private static final long PROGRESS_EVERY_NANOS = 500_000_000L;

    /** Records progress and checks for cancellation at most twice a second, not on every page. */
    private static DirectoryReader.Progress throttledProgress(RunLedger ledger) {
        long[] last = {0};
        return total -> {
            long now = System.nanoTime();
            if (now - last[0] >= PROGRESS_EVERY_NANOS) {
                last[0] = now;
                if (!ledger.progress(total)) {
                    throw new DirectoryReader.CancelledException();
                }
            }
        };
    }

    /**
     * Holds the run's row (a key share: the run's own updates of it do not wait) until this transaction ends,
     * so that deleting the task waits for the apply rather than take the run's row while the apply waits for
     * the events lock the deletion would take next.
     */
    private static void holdRun(Connection db, UUID runId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("select 1 from sync_run where id = ? for key share")) {
            s.setObject(1, runId);
            s.executeQuery().close();
        }
    }
}
