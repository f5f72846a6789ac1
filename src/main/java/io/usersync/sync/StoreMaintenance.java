package io.usersync.sync;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Statistics and visibility after a run's bulk write, off the run worker's path.
 * <p>
 * Autovacuum gets to a table a minute or more after a bulk write; until then PostgreSQL takes a
 * large table for a small one, and the next (incremental) run's plans scan where they should
 * probe. ANALYZE after a large first run takes long enough to hold the next run up on the worker, so it
 * runs on its own connection, and the next run waits for it only before it plans, by when a full read
 * has long ended. Then VACUUM marks the new pages all-visible (incremental runs probe covering
 * indexes, which otherwise read the heap too) once no run executes on this instance, throttled as
 * autovacuum is, because right after a bulk write it would take a core from the next run's read.
 */
@ApplicationScoped
public class StoreMaintenance {
    private static final Logger LOG = Logger.getLogger(StoreMaintenance.class);
    /**
     * What the runs' plans join and filter on. The rest of app_user (its JSON, names, mail: a third of
     * the ANALYZE's time) is left to autovacuum, whose ANALYZE follows within minutes.
     */
    private static final String PLANNED_COLUMNS =
            "app_user (task_id, external_id, dn_norm, sid, group_id, username, source_hash),"
                    + " group_user_member, user_group, group_group_member";

    private final DataSource dataSource;
    private final ExecutorService analyzes = daemon("usersync-store-analyze");
    // a thread of its own: a run waiting for the next ANALYZE must not wait behind a VACUUM waiting for that run
    private final ExecutorService vacuums = daemon("usersync-store-vacuum");
    private final AtomicInteger executing = new AtomicInteger();
    private volatile CompletableFuture<Void> analyzed = CompletableFuture.completedFuture(null);

    StoreMaintenance(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private static ExecutorService daemon(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    void runStarted() {
        executing.incrementAndGet();
    }

    void runEnded() {
        executing.decrementAndGet();
    }

    /** After a committed bulk write: ANALYZE now, VACUUM when no run executes. */
    void afterBulkWrite(UUID runId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        analyzed = done;
        analyzes.execute(() -> {
            long t0 = System.nanoTime();
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("analyze " + PLANNED_COLUMNS);
                LOG.debugf(
                        "run %s: analyzed the store after its bulk write in %d ms",
                        runId, (System.nanoTime() - t0) / 1_000_000);
            } catch (SQLException e) {
                LOG.infof("statistics after run %s not refreshed (autovacuum will): %s", runId, e.getMessage());
            } finally {
                done.complete(null);
            }
            vacuums.execute(() -> vacuumWhenIdle(runId));
        });
    }

    /** Waits, if it still runs, for the ANALYZE after the last bulk write: plans made without it can be very slow. */
    void awaitStatistics() {
        try {
            analyzed.get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // plan with the statistics there are
        }
    }

    private void vacuumWhenIdle(UUID runId) {
        awaitNoRun();
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            // VACUUM cannot run inside a transaction
            c.setAutoCommit(true);
            s.execute("set vacuum_cost_delay = '2ms'");
            try {
                s.execute("vacuum app_user, group_user_member");
            } finally {
                // a pooled session: whatever runs on it next must not be throttled
                s.execute("reset vacuum_cost_delay");
            }
            LOG.debugf(
                    "run %s: vacuumed the store after its bulk write in %d ms",
                    runId, (System.nanoTime() - t0) / 1_000_000);
        } catch (SQLException e) {
            LOG.infof("vacuum after run %s not done (autovacuum will): %s", runId, e.getMessage());
        }
    }

    /** Waits until no run executes here, for at most ten minutes: maintenance must not take a run's cores. */
    private void awaitNoRun() {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        try {
            while (executing.get() > 0 && System.nanoTime() < until) {
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        analyzes.shutdownNow();
        vacuums.shutdownNow();
    }
}
