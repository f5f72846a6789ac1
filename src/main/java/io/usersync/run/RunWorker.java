package io.usersync.run;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.usersync.api.InstanceName;
import io.usersync.observe.RunTracing;
import io.usersync.sync.ObjectTarget;
import io.usersync.sync.RunMode;
import io.usersync.sync.RunOutcome;
import io.usersync.sync.RunTrigger;
import io.usersync.sync.SyncEngine;
import io.usersync.sync.SyncOrder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.jboss.logging.Logger;

/**
 * Claims queued runs from PostgreSQL (FOR UPDATE SKIP LOCKED, so replicas never take the same run),
 * runs them on a bounded pool, renews their leases, and fails runs whose holder stopped renewing.
 * <p>
 * On shutdown it stops claiming, lets running runs go on for the grace period, then hands those still
 * running back to the queue, all before Quarkus closes the datasource (a {@link ShutdownEvent} observer
 * runs before the shutdown tasks that close it). A handed-back run applied nothing: the engine applies
 * in one transaction at the end, fenced by the lease, and stops reading at its next page once the run
 * is no longer its own.
 */
@ApplicationScoped
public class RunWorker {
    private static final Logger LOG = Logger.getLogger(RunWorker.class);
    /** After the hand-back, how long a worker may take to notice it at its next page before it is interrupted. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final SyncEngine engine;
    private final RunMetrics metrics;
    private final RunTracing tracing;
    private final Scheduler scheduler;
    private final int workers;
    private final Duration lease;
    private final Duration tick;
    private final Duration grace;
    private final String instanceId;
    /** Runs this instance executes, with their tasks. */
    private final Map<UUID, UUID> held = new ConcurrentHashMap<>();

    private final Set<UUID> handedBack = ConcurrentHashMap.newKeySet();
    /** Requests waiting for a run to end on this instance (a run of one object answers when it ends). */
    private final Map<UUID, CompletableFuture<Void>> endWaiters = new ConcurrentHashMap<>();

    private final ExecutorService pool;
    private volatile boolean stopping;

    RunWorker(
            DataSource dataSource,
            SyncEngine engine,
            RunMetrics metrics,
            RunTracing tracing,
            Scheduler scheduler,
            RunsConfig config,
            Flyway flyway,
            InstanceName instance) {
        this.flyway = flyway;
        this.instanceId = instance.value();
        this.dataSource = dataSource;
        this.engine = engine;
        this.metrics = metrics;
        this.tracing = tracing;
        this.scheduler = scheduler;
        this.workers = Math.max(1, config.workers());
        this.lease = config.lease();
        this.tick = config.tick();
        this.grace = config.grace();
        this.pool = Executors.newFixedThreadPool(this.workers, r -> {
            Thread t = new Thread(r, "usersync-run-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** The name this replica's leases carry. */
    String instanceId() {
        return instanceId;
    }

    /** True from the start of shutdown on: nothing new is claimed or fired here. */
    public boolean stopping() {
        return stopping;
    }

    /**
     * Completes when the run has been executed on this instance; a run another replica executes never
     * completes it, so a caller waits on it for a while and then looks at the run itself.
     */
    CompletableFuture<Void> ended(UUID run) {
        return endWaiters.computeIfAbsent(run, r -> new CompletableFuture<>());
    }

    void forget(UUID run) {
        endWaiters.remove(run);
    }

    /** Claims what this replica has room for; called after a trigger and on every tick. */
    public synchronized void wakeUp() {
        while (!stopping && held.size() < workers) {
            SyncOrder order = claimOne();
            if (order == null) {
                return;
            }
            held.put(order.runId(), order.taskId());
            pool.submit(() -> execute(order));
        }
    }

    private void execute(SyncOrder order) {
        UUID run = order.runId();
        try (RunTracing.Active traced = tracing.run(run, order.taskId())) {
            try {
                engine.execute(order, new SyncRunLedger(dataSource, run, instanceId));
                // the run is recorded: whoever waits for it answers before the metrics are taken
                release(run);
                metrics.recordEnd(run);
            } catch (RuntimeException e) {
                if (!handedBack.contains(run)) {
                    LOG.errorf(e, "run %s failed unexpectedly", run);
                }
            }
            if (handedBack.remove(run)) {
                LOG.infof("run %s stopped on this instance after it was handed back; it applied nothing here", run);
            }
        } finally {
            held.remove(run);
            release(run);
            wakeUp();
        }
    }

    private void release(UUID run) {
        CompletableFuture<Void> waiter = endWaiters.remove(run);
        if (waiter != null) {
            waiter.complete(null);
        }
    }

    private final Flyway flyway;
    /** The newest migration this code ships, once read. */
    private volatile String shippedMigration;

    /**
     * The newest migration on the classpath. A replica claims runs only while the store's migration history is
     * at it: during a rolling upgrade, code that predates the store's schema would apply by rules it no longer
     * holds (an old replica would delete tombstones a newer one keeps), and code newer than the store would
     * write columns that are not there yet.
     */
    private String shippedMigration() {
        String v = shippedMigration;
        if (v == null) {
            v = Arrays.stream(flyway.info().all())
                    .filter(m -> m.getState().isResolved() && m.getVersion() != null)
                    .map(MigrationInfo::getVersion)
                    .max(Comparator.naturalOrder())
                    .map(MigrationVersion::getVersion)
                    .orElse("");
            shippedMigration = v;
        }
        return v;
    }

    private SyncOrder claimOne() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        update sync_run set status = 'RUNNING', phase = 'CONNECTING', started_at = now(), lease_owner = ?,
                               lease_expires_at = now() + make_interval(secs => ?)
                        where id = (select q.id from sync_run q where q.status = 'QUEUED' and coalesce(q.not_before, q.queued_at) <= now()
                                      -- a task runs one run at a time: a run of one object waits behind the running one
                                      and not exists (select 1 from sync_run x where x.task_id = q.task_id and x.status = 'RUNNING')
                                      and (select h.version from flyway_schema_history h where h.success and h.version is not null
                                           order by h.installed_rank desc limit 1) = ?
                                    order by coalesce(q.not_before, q.queued_at) for update skip locked limit 1)
                        returning id, task_id, mode, trigger, dry_run, allow_mass_delete,
                                  object_request->>'dn', object_request->>'username'""")) {
            s.setString(1, instanceId);
            s.setLong(2, lease.toSeconds());
            s.setString(3, shippedMigration());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                UUID run = r.getObject(1, UUID.class);
                try {
                    return new SyncOrder(
                            run,
                            r.getObject(2, UUID.class),
                            RunMode.valueOf(r.getString(3)),
                            RunTrigger.valueOf(r.getString(4)),
                            r.getBoolean(5),
                            r.getBoolean(6),
                            r.getString(7) == null && r.getString(8) == null
                                    ? null
                                    : new ObjectTarget(r.getString(7), r.getString(8)));
                } catch (IllegalArgumentException e) {
                    // a row written by a newer replica with a mode or trigger this one does not know: not ours to run
                    new SyncRunLedger(dataSource, run, instanceId)
                            .finishAlone(RunOutcome.failed(
                                    "OTHER",
                                    "this instance cannot run it (" + e.getMessage() + "); nothing was changed"));
                    return claimOne();
                }
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                // another replica started a run of the same task meanwhile (sync_run_one_running): the next tick
                // retries
                LOG.debugf("a run's task started a run elsewhere meanwhile: %s", e.getMessage());
            } else {
                LOG.warnf("cannot claim a run: %s", e.getMessage());
            }
            return null;
        }
    }

    @Scheduled(every = "${usersync.runs.tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (stopping) {
            // the shutdown renews its runs' leases itself until it hands them back
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            renewLeases(c);
            try (PreparedStatement s = c.prepareStatement("""
                    update sync_run set status = 'FAILED', phase = null, finished_at = now(), failure_category = 'ABANDONED',
                           failure_reason = 'the instance running it (' || coalesce(lease_owner, '?') || ') stopped renewing its lease; nothing it had not committed was applied'
                    where status = 'RUNNING' and lease_expires_at < now()""")) {
                int n = s.executeUpdate();
                if (n > 0) {
                    LOG.warnf("marked %d run(s) abandoned by a stopped instance", n);
                }
            }
        } catch (SQLException e) {
            LOG.warnf("run lease upkeep failed: %s", e.getMessage());
        }
        wakeUp();
    }

    /** Only runs a worker still executes: one whose execution ended without recording its end must lapse. */
    private void renewLeases(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                update sync_run set lease_expires_at = now() + make_interval(secs => ?)
                where lease_owner = ? and status = 'RUNNING' and id = any (?)""")) {
            s.setLong(1, lease.toSeconds());
            s.setString(2, instanceId);
            s.setArray(3, c.createArrayOf("uuid", held.keySet().toArray()));
            s.executeUpdate();
        }
    }

    /**
     * Early among the shutdown observers, and before the EntityManagerFactory and the datasource close:
     * stop claiming, wait up to the grace period for running runs (renewing their leases, so another
     * instance does not take them for abandoned), then hand back what still runs.
     */
    void onShutdown(@Observes @Priority(10) ShutdownEvent event) {
        synchronized (this) {
            stopping = true;
        }
        // no job of this application may start once the container that runs it begins to stop
        scheduler.pause();
        pool.shutdown();
        if (!held.isEmpty()) {
            LOG.infof("shutting down: waiting up to %s for %d run(s) to finish", grace, held.size());
        }
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (!pool.isTerminated() && System.nanoTime() < deadline) {
                long wait = Math.min(tick.toNanos(), deadline - System.nanoTime());
                if (!pool.awaitTermination(Math.max(wait, 1), TimeUnit.NANOSECONDS)) {
                    try (Connection c = dataSource.getConnection()) {
                        renewLeases(c);
                    } catch (SQLException e) {
                        LOG.warnf("cannot renew leases while shutting down: %s", e.getMessage());
                    }
                }
            }
            handBack();
            if (!pool.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                if (!pool.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warnf("a run worker did not stop within %s of the hand-back", STOP_WAIT.multipliedBy(2));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    /** Runs still held go back to the queue for another replica, or this one after a restart. */
    private void handBack() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                update sync_run set status = 'QUEUED', phase = null, lease_owner = null, lease_expires_at = null
                where lease_owner = ? and status = 'RUNNING' returning id""")) {
            s.setString(1, instanceId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    UUID run = r.getObject(1, UUID.class);
                    handedBack.add(run);
                    try (RunTracing.Active traced = tracing.context(run, held.get(run))) {
                        LOG.infof(
                                "run %s handed back to the queue: it did not finish within the shutdown grace of %s",
                                run, grace);
                    }
                }
            }
        } catch (SQLException e) {
            LOG.warnf("cannot hand back runs on shutdown: %s", e.getMessage());
        }
    }
}
