package io.usersync.sync;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * ANALYZE of a run's staging and plan tables from a small sample. The plans built on them need row
 * counts and whether a join column is unique, which 3,000 rows tell as well as the default 30,000;
 * PostgreSQL samples 300 rows per point of the statistics target, so the default (100) makes the
 * ANALYZE of a large plan table a noticeable part of a run.
 * Set per column on these temporary tables, so the store's own statistics keep their target.
 */
final class PlanStatistics {
    private static final int TARGET = 10;

    private PlanStatistics() {}

    /**
     * SQL that analyzes these columns of a run's table, from a sample of 300 x {@value #TARGET} rows
     * when the table is large (a full run's); an incremental run's few rows are all read anyway, and
     * the ALTER would only cost its catalog update.
     */
    static String analyze(boolean large, String table, String... columns) {
        String analyze = "analyze " + table + " (" + String.join(", ", columns) + ")";
        return !large
                ? analyze
                : "alter table " + table + " "
                        + Arrays.stream(columns)
                                .map(c -> "alter " + c + " set statistics " + TARGET)
                                .collect(Collectors.joining(", "))
                        + "; " + analyze;
    }
}
