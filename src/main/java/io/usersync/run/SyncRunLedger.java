package io.usersync.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usersync.sync.DirectoryReader;
import io.usersync.sync.RunEnd;
import io.usersync.sync.RunLedger;
import io.usersync.sync.RunMode;
import io.usersync.sync.RunOutcome;
import io.usersync.sync.SyncCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * One run's row in {@code sync_run}, as the engine reports to it. Progress and the end are fenced by the
 * lease: once this instance no longer holds the run (handed back on shutdown, or taken over as abandoned),
 * they change nothing and tell the engine to stop.
 */
final class SyncRunLedger implements RunLedger {
    private static final Logger LOG = Logger.getLogger(SyncRunLedger.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final UUID runId;
    private final String owner;

    SyncRunLedger(DataSource dataSource, UUID runId, String owner) {
        this.dataSource = dataSource;
        this.runId = runId;
        this.owner = owner;
    }

    @Override
    public void reading(Connection db, RunMode mode, String reason) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(
                "update sync_run set executed_mode = ?, mode_reason = ?, phase = 'READING' where id = ?")) {
            s.setString(1, mode.name());
            s.setString(2, reason);
            s.setObject(3, runId);
            s.executeUpdate();
        }
    }

    @Override
    public boolean progress(long objectsRead) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "update sync_run set objects_read = ? where id = ? and lease_owner = ? and status = 'RUNNING' returning cancel_requested")) {
            s.setLong(1, objectsRead);
            s.setObject(2, runId);
            s.setString(3, owner);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && !r.getBoolean(1);
            }
        } catch (SQLException e) {
            // progress is informative: a store that hiccups here fails the run at its next write, not now
            LOG.debugf("progress of run %s not recorded: %s", runId, e.getMessage());
            return true;
        }
    }

    @Override
    public boolean planning(Connection db, long objectsRead) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(
                "update sync_run set phase = 'PLANNING', objects_read = ? where id = ? returning cancel_requested")) {
            s.setLong(1, objectsRead);
            s.setObject(2, runId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    @Override
    public boolean cancelRequested() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select cancel_requested from sync_run where id = ?")) {
            s.setObject(1, runId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    @Override
    public void server(String host, int port, String dnsHostName, List<String> skipped) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "update sync_run set server_host = ?, server_port = ?, server_dns_host_name = ?, servers_skipped = ? where id = ?")) {
            s.setString(1, host);
            s.setInt(2, port);
            s.setString(3, dnsHostName);
            s.setArray(4, c.createArrayOf("text", skipped.toArray()));
            s.setObject(5, runId);
            s.executeUpdate();
        }
    }

    @Override
    public void phase(String phase) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("update sync_run set phase = ? where id = ?")) {
            s.setString(1, phase);
            s.setObject(2, runId);
            s.executeUpdate();
        }
    }

    @Override
    public void entryErrors(Connection db, List<DirectoryReader.EntryError> errors) throws SQLException {
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

    @Override
    public void trace(Connection db, List<String> lines, String externalId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("""
                update sync_run set trace = ?,
                       object_request = case when cast(? as text) is null then object_request
                                             else object_request || jsonb_build_object('externalId', cast(? as text)) end
                where id = ? and lease_owner = ?""")) {
            s.setArray(1, db.createArrayOf("text", lines.toArray()));
            s.setString(2, externalId);
            s.setString(3, externalId);
            s.setObject(4, runId);
            s.setString(5, owner);
            s.executeUpdate();
        }
    }

    @Override
    public RunEnd finish(Connection db, RunOutcome outcome) throws SQLException {
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
            String status = outcome.end().name();
            s.setString(1, status);
            s.setString(2, outcome.counts() == null ? null : toJson(outcome.counts()));
            s.setString(3, outcome.category());
            s.setString(4, outcome.reason());
            s.setString(5, status);
            s.setString(6, outcome.reason());
            s.setObject(7, outcome.wouldRemove());
            s.setObject(8, runId);
            s.setString(9, owner);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? RunEnd.valueOf(r.getString(1)) : null;
            }
        }
    }

    @Override
    public void finishAlone(RunOutcome outcome) {
        try (Connection c = dataSource.getConnection()) {
            finish(c, outcome);
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
