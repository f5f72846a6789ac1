package io.usersync.audit;

import java.time.OffsetDateTime;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An audit event as read through the API. Secrets in before/after are masked. */
public record AuditEventDto(
        @Schema(required = true) long id,
        @Schema(required = true) OffsetDateTime at,

        @Schema(required = true, description = "token:<name>, bootstrap, the OIDC subject, system:scheduler, anonymous")
        String actor,

        @Schema(required = true) Actor.ActorType actorType,
        @Schema(required = true) AuditAction action,

        @Schema(description = "TASK, GROUP, USER, TOKEN, RUN, or ENDPOINT for a refused request")
        String targetType,

        String targetId,
        String remoteAddress,

        @Schema(
                required = true,
                enumeration = {"SUCCESS", "FAILURE"})
        String outcome,

        String detail,
        Map<String, Object> before,
        Map<String, Object> after) {

    static AuditEventDto of(AuditEvent e) {
        return new AuditEventDto(
                e.id,
                e.at,
                e.actor,
                Actor.ActorType.valueOf(e.actorType),
                AuditAction.valueOf(e.action),
                e.targetType,
                e.targetId,
                e.remoteAddress,
                e.outcome,
                e.detail,
                e.before,
                e.after);
    }
}
