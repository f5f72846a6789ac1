package io.usersync.sync;

import io.smallrye.config.SmallRyeConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Runs the plan's statements (see {@link SqlFiles}) on one connection, and logs those slower than
 * {@link SyncConfig#slowStatementMs}: where a large run spends its time.
 */
final class PlanStatements {
    private static final Logger LOG = Logger.getLogger(PlanStatements.class);

    /** Reads one row of a result. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private final Connection c;
    private final long slowMs;
    private final List<String> queuedNames = new ArrayList<>();
    private final List<String> queued = new ArrayList<>();
    private final List<Object> queuedParams = new ArrayList<>();

    PlanStatements(Connection c) {
        this(
                c,
                ConfigProvider.getConfig()
                        .unwrap(SmallRyeConfig.class)
                        .getConfigMapping(SyncConfig.class)
                        .slowStatementMs());
    }

    PlanStatements(Connection c, long slowMs) {
        this.c = c;
        this.slowMs = slowMs;
    }

    /** Runs a statement, or a file of several; without parameters, several go to the server together. */
    void exec(String name, Object... params) throws SQLException {
        run(name, SqlFiles.get(name), params);
    }

    /** Runs a statement and returns the rows it changed. */
    long update(String name, Object... params) throws SQLException {
        long t0 = System.nanoTime();
        try (PreparedStatement s = c.prepareStatement(SqlFiles.get(name))) {
            bind(s, params);
            return s.executeUpdate();
        } finally {
            logIfSlow(name, t0);
        }
    }

    /** The first column of the one row a query returns, as a number. */
    long single(String name, Object... params) throws SQLException {
        return one(name, r -> r.getLong(1), params);
    }

    /** The one row a query returns. */
    <T> T one(String name, Row<T> row, Object... params) throws SQLException {
        List<T> rows = all(name, row, params);
        if (rows.size() != 1) {
            throw new IllegalStateException(name + " returned " + rows.size() + " rows instead of one");
        }
        return rows.get(0);
    }

    /** Every row a query returns. */
    <T> List<T> all(String name, Row<T> row, Object... params) throws SQLException {
        long t0 = System.nanoTime();
        try (PreparedStatement s = c.prepareStatement(SqlFiles.get(name))) {
            bind(s, params);
            List<T> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(row.read(r));
                }
            }
            return out;
        } finally {
            logIfSlow(name, t0);
        }
    }

    /** Runs one statement once per parameter row, in one batch. */
    void batch(String name, List<Object[]> rows) throws SQLException {
        long t0 = System.nanoTime();
        try (PreparedStatement s = c.prepareStatement(SqlFiles.get(name))) {
            for (Object[] params : rows) {
                bind(s, params);
                s.addBatch();
            }
            s.executeBatch();
        } finally {
            logIfSlow(name, t0);
        }
    }

    /**
     * Queues a statement; {@link #flush} sends the queue in one round trip, which matters where a plan
     * is mostly round trips (an incremental one).
     */
    void queue(String name, Object... params) {
        queuedNames.add(name);
        queued.add(SqlFiles.get(name));
        queuedParams.addAll(List.of(params));
    }

    void flush() throws SQLException {
        if (queued.isEmpty()) {
            return;
        }
        String names = String.join(", ", queuedNames);
        String sql = String.join(";\n", queued);
        Object[] params = queuedParams.toArray();
        queuedNames.clear();
        queued.clear();
        queuedParams.clear();
        run(names, sql, params);
    }

    private void run(String name, String sql, Object... params) throws SQLException {
        long t0 = System.nanoTime();
        try {
            if (params.length == 0) {
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
                return;
            }
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, params);
                s.execute();
            }
        } finally {
            logIfSlow(name, t0);
        }
    }

    private void logIfSlow(String name, long t0) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (ms >= slowMs) {
            LOG.infof("%d ms: %s", ms, name);
        }
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
    }
}
