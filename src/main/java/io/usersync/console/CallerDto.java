package io.usersync.console;

import io.usersync.audit.Actor;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Caller", description = "Who the request's credential belongs to, and its role")
public record CallerDto(
        @Schema(
                required = true,
                description = "token:<name>, bootstrap, or the OIDC subject, as the audit log names it")
        String name,

        @Schema(required = true) Actor.ActorType actorType,

        @Schema(required = true, description = "viewer, operator or admin; each includes the ones before it")
        String role) {}
