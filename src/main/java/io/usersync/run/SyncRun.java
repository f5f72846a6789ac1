package io.usersync.run;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.usersync.sync.RunMode;
import io.usersync.sync.RunTrigger;
import io.usersync.sync.SyncCounts;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A run: queue entry while QUEUED, progress while RUNNING, history afterwards. Workers write it with SQL. */
@Entity
@Table(name = "sync_run")
public class SyncRun extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "task_id")
    public UUID taskId;

    @Enumerated(EnumType.STRING)
    public RunStatus status;

    @Enumerated(EnumType.STRING)
    public RunTrigger trigger;

    @Enumerated(EnumType.STRING)
    public RunMode mode;

    @Enumerated(EnumType.STRING)
    @Column(name = "executed_mode")
    public RunMode executedMode;

    /** For mode OBJECT: the object asked for, {"dn": …} or {"username": …}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "object_request")
    public Map<String, String> objectRequest;

    /** For mode OBJECT: how the run decided, step by step. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> trace;

    @Column(name = "mode_reason")
    public String modeReason;

    @Column(name = "server_host")
    public String serverHost;

    @Column(name = "server_port")
    public Integer serverPort;

    @Column(name = "server_dns_host_name")
    public String serverDnsHostName;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "servers_skipped")
    public List<String> serversSkipped;

    @Column(name = "dry_run")
    public boolean dryRun;

    @Column(name = "allow_mass_delete")
    public boolean allowMassDelete;

    public String phase;

    @Column(name = "objects_read")
    public long objectsRead;

    @JdbcTypeCode(SqlTypes.JSON)
    public SyncCounts counts;

    @Column(name = "failure_category")
    public String failureCategory;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "would_remove")
    public Integer wouldRemove;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "cancel_requested")
    public boolean cancelRequested;

    @Column(name = "fire_time")
    public OffsetDateTime fireTime;

    @Column(name = "queued_at")
    public OffsetDateTime queuedAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
}
