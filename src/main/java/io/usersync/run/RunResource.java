package io.usersync.run;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.usersync.api.Page;
import io.usersync.api.PageRequest;
import io.usersync.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs", description = "Trigger runs, watch them, read what they changed")
public class RunResource {
    private final RunService service;
    private final RunEvents events;

    RunResource(RunService service, RunEvents events) {
        this.service = service;
        this.events = events;
    }

    @GET
    @Operation(operationId = "listRuns", summary = "Runs of all tasks, newest first, filtered")
    @APIResponse(responseCode = "200", description = "one page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Page<RunDto> list(
            @Valid @BeanParam PageRequest paging,
            @Parameter(description = "one or more statuses") @QueryParam("status") List<RunStatus> status,
            @QueryParam("taskId") UUID taskId,
            @Parameter(description = "queued at or after (ISO-8601)") @QueryParam("from") OffsetDateTime from,
            @Parameter(description = "queued before (ISO-8601)") @QueryParam("to") OffsetDateTime to) {
        return service.list(paging, taskId, status, from, to);
    }

    @GET
    @Path("{id}")
    @Operation(
            operationId = "getRun",
            summary = "A run: status, phase and progress while running, counts and reason when ended")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RunDto.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public RunDto get(@PathParam("id") UUID id) {
        return RunDto.of(service.get(id));
    }

    @GET
    @Path("{id}/changes")
    @Operation(
            operationId = "listRunChanges",
            summary = "What a run changed (or would change), per object, with errors and collisions")
    @APIResponse(responseCode = "200", description = "one page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<RunChangeDto> changes(
            @PathParam("id") UUID id,
            @Valid @BeanParam PageRequest paging,
            @Parameter(
                            description =
                                    "CREATED, UPDATED, REMOVED, DISABLED, KEPT, KEPT_ON_VERIFY, COLLISION, TAKEN_OVER, WARNING or ERROR")
                    @QueryParam("action")
                    String action,
            @Parameter(description = "USER, GROUP, CONTAINER or ENTRY") @QueryParam("objectType") String objectType) {
        return service.changes(id, paging, action, objectType);
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(
            operationId = "streamRunEvents",
            summary = "The run as Server-Sent Events, one per change, until it ends",
            description =
                    "Each event is the run as GET /runs/{id} shows it; the stream completes after the event with the final status.")
    @APIResponse(responseCode = "200", description = "text/event-stream of Run objects")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Multi<RunDto> events(@PathParam("id") UUID id) {
        service.get(id);
        return events.follow(id);
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{id}/cancel")
    @Operation(
            operationId = "cancelRun",
            summary = "Cancel a run",
            description =
                    "A queued run is cancelled at once; a running one stops at its next page and applies nothing.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RunDto.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public RunDto cancel(@PathParam("id") UUID id) {
        return RunDto.of(service.cancel(id));
    }
}
