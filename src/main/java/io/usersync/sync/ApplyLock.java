package io.usersync.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps two tasks' runs (on any replica) from applying on top of plans that could not see each other.
 * Each plan looks for collisions among committed users, so two first runs at once would each miss the
 * other's users and create them twice, and a takeover committed between another task's plan and apply
 * would be removed by that apply. A run plans and verifies without the lock, then takes it for its apply
 * and plans again (under the lock) only if another run applied since its plan began: the apply
 * generation tells. The lock is a transaction-level advisory lock keyed by the schema, so deployments in
 * other schemas of one database do not wait for each other.
 */
final class ApplyLock {
    static final String KEY = "hashtext(current_schema() || ':usersync-apply')";

    private ApplyLock() {}

    /** The number of applies committed so far, as this statement sees them. */
    static long generation(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select n from sync_apply_generation where id = 1")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /** Counts this run's apply; inside its transaction, under the lock. */
    static void applied(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("update sync_apply_generation set n = n + 1 where id = 1");
        }
    }

    interface Cancelled {
        boolean requested() throws SQLException;
    }

    /** Waits for the lock (until the transaction ends), looking for a cancel about once a second. */
    static void acquire(Connection c, Cancelled cancelled) throws SQLException, DirectoryReader.CancelledException {
        try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_xact_lock(" + KEY + ")")) {
            for (int attempt = 0; ; attempt++) {
                try (ResultSet r = s.executeQuery()) {
                    if (r.next() && r.getBoolean(1)) {
                        return;
                    }
                }
                if (attempt % 10 == 9 && cancelled.requested()) {
                    throw new DirectoryReader.CancelledException();
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for another run's apply", e);
                }
            }
        }
    }
}
