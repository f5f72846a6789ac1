package io.usersync.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.usersync.sync.SyncEngine;

/**
 * Claims queued runs from PostgreSQL (FOR UPDATE SKIP LOCKED, so replicas never take the same run),
 * runs them on a bounded pool, renews their leases, and fails runs whose holder stopped renewing.
 */
@ApplicationScoped
public class RunWorker {
    private static final Logger LOG = Logger.getLogger(RunWorker.class);

    private final DataSource dataSource;
    private final SyncEngine engine;
    private final RunMetrics metrics;
    private final int workers;
    private final Duration lease;
    private final String instanceId;
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    private final ExecutorService pool;
    private volatile boolean stopping;

    RunWorker(DataSource dataSource, SyncEngine engine, RunMetrics metrics,
            @ConfigProperty(name = "usersync.runs.workers", defaultValue = "2") int workers,
            @ConfigProperty(name = "usersync.runs.lease", defaultValue = "30s") Duration lease,
            @ConfigProperty(name = "usersync.instance-id") java.util.Optional<String> instanceId) {
        // a name operators recognise (USERSYNC_INSTANCE_ID, e.g. the pod name), made unique per start
        this.instanceId = instanceId.orElse("usersync") + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.dataSource = dataSource;
        this.engine = engine;
        this.metrics = metrics;
        this.workers = Math.max(1, workers);
        this.lease = lease;
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

    /** Claims what this replica has room for; called after a trigger and on every tick. */
    public synchronized void wakeUp() {
        while (!stopping && held.size() < workers) {
            UUID run = claimOne();
            if (run == null) {
                return;
            }
            held.add(run);
            pool.submit(() -> {
                try {
                    engine.execute(run, instanceId);
                    metrics.recordEnd(run);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "run %s failed unexpectedly", run);
                } finally {
                    held.remove(run);
                    wakeUp();
                }
            });
        }
    }

    private UUID claimOne() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        update sync_run set status = 'RUNNING', phase = 'CONNECTING', started_at = now(), lease_owner = ?,
                               lease_expires_at = now() + make_interval(secs => ?)
                        where id = (select id from sync_run where status = 'QUEUED' and coalesce(not_before, queued_at) <= now()
                                    order by coalesce(not_before, queued_at) for update skip locked limit 1)
                        returning id""")) {
            s.setString(1, instanceId);
            s.setLong(2, lease.toSeconds());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getObject(1, UUID.class) : null;
            }
        } catch (SQLException e) {
            LOG.warnf("cannot claim a run: %s", e.getMessage());
            return null;
        }
    }

    @Scheduled(every = "${usersync.runs.tick:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try (Connection c = dataSource.getConnection()) {
            // only runs a worker still executes: one whose execution ended without recording its end must lapse
            try (PreparedStatement s = c.prepareStatement("""
                    update sync_run set lease_expires_at = now() + make_interval(secs => ?)
                    where lease_owner = ? and status = 'RUNNING' and id = any (?)""")) {
                s.setLong(1, lease.toSeconds());
                s.setString(2, instanceId);
                s.setArray(3, c.createArrayOf("uuid", held.toArray()));
                s.executeUpdate();
            }
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

    @PreDestroy
    void stop() {
        stopping = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(20, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // runs still held go back to the queue for another replica; they applied nothing uncommitted
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                update sync_run set status = 'QUEUED', phase = null, lease_owner = null, lease_expires_at = null
                where lease_owner = ? and status = 'RUNNING'""")) {
            s.setString(1, instanceId);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("cannot hand back runs on shutdown: %s", e.getMessage());
        }
    }
}
