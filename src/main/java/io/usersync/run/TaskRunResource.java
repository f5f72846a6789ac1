package io.usersync.run;

import io.usersync.api.Page;
import io.usersync.api.PageRequest;
import io.usersync.api.Roles;
import io.usersync.sync.RunTrigger;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
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

/** The runs of one task; a class of its own so that JAX-RS matching prefers it over /sync-tasks. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/sync-tasks/{id}/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs")
public class TaskRunResource {
    private final RunService service;

    TaskRunResource(RunService service) {
        this.service = service;
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Operation(
            operationId = "triggerRun",
            summary = "Queue a run of a task",
            description =
                    "Answers at once; the run executes in the background. A task has at most one queued or running run: another trigger is a 409 naming it (runId).")
    @APIResponse(
            responseCode = "202",
            description = "queued",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = RunDto.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response trigger(@PathParam("id") UUID taskId, RunRequest request) {
        SyncRun run = service.trigger(taskId, request, RunTrigger.MANUAL);
        return Response.accepted(RunDto.of(run))
                .location(URI.create("/api/v1/runs/" + run.id))
                .build();
    }

    @GET
    @Operation(operationId = "listTaskRuns", summary = "A task's runs, newest first")
    @APIResponse(responseCode = "200", description = "one page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Page<RunDto> taskRuns(@PathParam("id") UUID taskId, @Valid @BeanParam PageRequest paging) {
        return service.list(paging, taskId, null, null, null);
    }
}
