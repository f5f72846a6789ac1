package io.usersync.sync;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** How runs read and judge a directory. Defaults and variable names are in application.properties. */
@ConfigMapping(prefix = "usersync.sync")
public interface SyncConfig {
    /** LDAP page size (AD's MaxPageSize is 1,000). */
    int pageSize();

    /** Values per ranged retrieval of large member attributes; 0 lets the server decide. */
    int memberRangeStep();

    /** More unmappable entries than this fail the run. */
    int maxEntryErrors();

    /** An incremental run that finds more changed entries than this share of the task's objects runs full instead. */
    double incrementalMaxChangeFraction();

    /** However small the task, an incremental run may read this many changes before it gives way to a full one. */
    long incrementalMinChanges();

    /** Plan and apply statements slower than this are logged. */
    long slowStatementMs();

    /** How far before the directory's clock a modifyTimestamp watermark is set: clock skew and replication delay between replicas. */
    Duration modifyTimestampMargin();

    /** Proposed removals past the threshold beyond this many are not looked up in the directory one by one. */
    long verifyMax();

    /** Photos larger than this are not synced (AD's thumbnailPhoto holds at most 100 KB). */
    int photoMaxBytes();
}
