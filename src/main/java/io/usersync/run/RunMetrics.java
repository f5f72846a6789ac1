package io.usersync.run;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** Prometheus figures at /q/metrics: runs by task and status, their duration, objects read and written. */
@ApplicationScoped
public class RunMetrics {
    private static final Logger LOG = Logger.getLogger(RunMetrics.class);

    private final MeterRegistry registry;
    private final DataSource dataSource;

    RunMetrics(MeterRegistry registry, DataSource dataSource) {
        this.registry = registry;
        this.dataSource = dataSource;
    }

    /** Reads the ended run's row once and records it; the row is the truth whatever path ended the run. */
    void recordEnd(UUID runId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                select task_id, status, extract(epoch from finished_at - started_at), objects_read,
                       coalesce((counts->>'usersCreated')::bigint, 0) + coalesce((counts->>'usersUpdated')::bigint, 0)
                     + coalesce((counts->>'usersRemoved')::bigint, 0) + coalesce((counts->>'usersDisabled')::bigint, 0)
                     + coalesce((counts->>'groupsCreated')::bigint, 0) + coalesce((counts->>'groupsUpdated')::bigint, 0)
                     + coalesce((counts->>'groupsRemoved')::bigint, 0), dry_run
                from sync_run where id = ? and finished_at is not null""")) {
            s.setObject(1, runId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return;
                }
                String task = r.getString(1);
                String status = r.getString(2);
                registry.counter("usersync.runs", "task", task, "status", status)
                        .increment();
                Timer.builder("usersync.run.duration")
                        .tags("task", task, "status", status)
                        .register(registry)
                        .record(Duration.ofMillis((long) (r.getDouble(3) * 1000)));
                registry.counter("usersync.objects.read", "task", task).increment(r.getLong(4));
                if (!r.getBoolean(6)) {
                    registry.counter("usersync.objects.written", "task", task).increment(r.getLong(5));
                }
            }
        } catch (SQLException e) {
            LOG.debugf("metrics of run %s not recorded: %s", runId, e.getMessage());
        }
    }
}
