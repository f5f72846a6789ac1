package io.usersync.run;

import io.usersync.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One object synced now; a class of its own so that JAX-RS matching prefers it over /sync-tasks. */
@RolesAllowed(Roles.OPERATOR)
@Path("/api/v1/sync-tasks/{id}/objects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Runs")
public class TaskObjectResource {
    private final RunService service;

    TaskObjectResource(RunService service) {
        this.service = service;
    }

    @POST
    @Operation(
            operationId = "syncObject",
            summary = "Sync one user or group now",
            description = "Reads the entry, its group memberships inside the task's scope and, for a group, its"
                    + " members, and applies the result with every rule of a full run (scope, filters, exclusions,"
                    + " collisions, extinction when it is gone or out of scope, the delete threshold). It is a run of"
                    + " mode OBJECT: in the task's history, queued behind a running run (never beside it), and it"
                    + " never moves the incremental watermark. Answers when the run ends; 202 with the run when it"
                    + " is still queued after USERSYNC_OBJECT_SYNC_WAIT.")
    @APIResponse(
            responseCode = "200",
            description = "the run ended",
            content = @Content(schema = @Schema(implementation = ObjectSyncResult.class)))
    @APIResponse(
            responseCode = "202",
            description = "still queued or running",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = ObjectSyncResult.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response sync(
            @PathParam("id") UUID taskId, @NotNull(message = "a JSON body is required") ObjectSyncRequest request) {
        ObjectSyncResult result = service.syncObject(taskId, request);
        if (result.run().status().isActive()) {
            return Response.accepted(result)
                    .location(URI.create("/api/v1/runs/" + result.run().id()))
                    .build();
        }
        return Response.ok(result).build();
    }
}
