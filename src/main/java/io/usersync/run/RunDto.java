package io.usersync.run;

import io.usersync.sync.RunMode;
import io.usersync.sync.RunTrigger;
import io.usersync.sync.SyncCounts;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Run")
public record RunDto(
        @Schema(required = true) UUID id,
        @Schema(required = true) UUID taskId,
        @Schema(required = true) RunStatus status,
        @Schema(required = true) RunTrigger trigger,
        @Schema(required = true) boolean dryRun,
        @Schema(required = true) boolean allowMassDelete,

        @Schema(required = true, description = "the mode asked for")
        RunMode mode,

        @Schema(
                description =
                        "the mode that ran, once the run has started; FULL for an INCREMENTAL run without a usable watermark")
        RunMode executedMode,

        @Schema(
                description =
                        "why executedMode differs from mode (no watermark yet, another domain controller, changed task scope, periodic full reconciliation, ...)")
        String modeReason,

        @Schema(description = "for mode OBJECT: the object asked for, as dn or username, and once found its externalId")
        Map<String, String> object,

        @Schema(description = "for mode OBJECT: how the run decided, step by step")
        List<String> trace,

        @Schema(description = "the directory server the run read from, once it connected")
        Server server,

        @Schema(description = "while running: CONNECTING, READING, PLANNING or APPLYING")
        String phase,

        @Schema(required = true, description = "directory entries read so far")
        long objectsRead,

        @Schema(required = true) SyncCounts counts,

        @Schema(description = "for BLOCKED_BY_THRESHOLD: how many objects the run would have removed or disabled")
        Integer wouldRemove,

        @Schema(
                description =
                        "on failure: DNS, CONNECTION_REFUSED, TIMEOUT, TLS_UNTRUSTED_CERTIFICATE, TLS_HOSTNAME_MISMATCH, TLS_HANDSHAKE, INVALID_CREDENTIALS, ACCOUNT_DISABLED, ACCOUNT_LOCKED, PASSWORD_EXPIRED, INSUFFICIENT_ACCESS, NO_SUCH_OBJECT, INCOMPLETE_RESULT, RESPONSE_TOO_LARGE, TOO_MANY_ENTRY_ERRORS, TASK_UNREADABLE, DATABASE, ABANDONED or OTHER")
        String failureCategory,

        @Schema(
                description =
                        "on failure, block or cancel, and for WARNING or a run that read entries it could not map: what happened, in words")
        String failureReason,

        @Schema(description = "for scheduled runs: the cron fire time the run is for")
        OffsetDateTime scheduledFor,

        @Schema(
                description =
                        "the service instance that ran (or runs) it: USERSYNC_INSTANCE_ID plus a suffix per start")
        String instance,

        @Schema(required = true) OffsetDateTime queuedAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt) {

    @Schema(name = "RunServer")
    public record Server(
            @Schema(required = true, description = "the host connected to")
            String host,

            Integer port,

            @Schema(description = "the server's own name from its rootDSE (AD's dnsHostName), when it shows one")
            String dnsHostName,

            @Schema(required = true, description = "the servers tried before it, each with why it was skipped")
            List<String> skipped) {}

    static RunDto of(SyncRun r) {
        return new RunDto(
                r.id,
                r.taskId,
                r.status,
                r.trigger,
                r.dryRun,
                r.allowMassDelete,
                r.mode,
                r.executedMode,
                r.modeReason,
                r.objectRequest,
                r.trace,
                r.serverHost == null
                        ? null
                        : new Server(
                                r.serverHost,
                                r.serverPort,
                                r.serverDnsHostName,
                                r.serversSkipped == null ? List.of() : r.serversSkipped),
                r.phase,
                r.objectsRead,
                r.counts == null ? SyncCounts.NONE : r.counts,
                r.wouldRemove,
                r.failureCategory,
                r.failureReason,
                r.fireTime,
                r.leaseOwner,
                r.queuedAt,
                r.startedAt,
                r.finishedAt);
    }
}
