package io.usersync.console;

import io.quarkus.security.identity.SecurityIdentity;
import io.usersync.api.Roles;
import io.usersync.audit.Actor;
import io.usersync.audit.AuditLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Lets a console show who is signed in and offer only what the role may do, without probing for 403s. */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "Caller", description = "Who the credential belongs to and what it may do")
public class CallerResource {
    private final SecurityIdentity identity;
    private final AuditLog audit;

    CallerResource(SecurityIdentity identity, AuditLog audit) {
        this.identity = identity;
        this.audit = audit;
    }

    @GET
    @Operation(operationId = "getCaller", summary = "The caller: name, credential type and role")
    public CallerDto get() {
        Actor actor = audit.currentActor();
        return new CallerDto(actor.name(), actor.type(), Roles.highest(identity.getRoles()));
    }
}
