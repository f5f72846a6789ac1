package io.usersync.task;

import io.usersync.api.ETags;
import io.usersync.api.Page;
import io.usersync.api.PageRequest;
import io.usersync.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/sync-tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Sync tasks", description = "What to sync from which directory, where to, and when")
public class SyncTaskResource {
    private final SyncTaskService service;
    private final Instance<TaskCreatedListener> createdListeners;

    SyncTaskResource(SyncTaskService service, Instance<TaskCreatedListener> createdListeners) {
        this.service = service;
        this.createdListeners = createdListeners;
    }

    @GET
    @Operation(operationId = "listSyncTasks", summary = "List sync tasks, optionally by name or tag")
    @APIResponse(responseCode = "200", description = "one page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Page<SyncTaskDto> list(
            @Valid @BeanParam PageRequest paging,
            @Parameter(description = "case-insensitive part of the name") @QueryParam("name") String name,
            @Parameter(description = "only tasks carrying this tag") @QueryParam("tag") String tag) {
        return service.list(paging, name, tag);
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Operation(
            operationId = "createSyncTask",
            summary = "Create a sync task",
            description =
                    "The password is stored encrypted and never returned. With runImmediately a run is queued at once.")
    @APIResponse(
            responseCode = "201",
            description = "created",
            headers = {
                @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING))
            },
            content = @Content(schema = @Schema(implementation = SyncTaskDto.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Response create(@Valid @NotNull(message = "a JSON body is required") SyncTaskRequest request) {
        SyncTask t = service.create(request);
        if (t.runImmediately) {
            createdListeners.forEach(l -> l.created(t.id));
        }
        return Response.created(URI.create("/api/v1/sync-tasks/" + t.id))
                .tag(ETags.of(t.version))
                .entity(service.toDto(t))
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getSyncTask", summary = "Get a sync task")
    @APIResponse(
            responseCode = "200",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = SyncTaskDto.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response get(@PathParam("id") UUID id) {
        SyncTask t = service.get(id);
        return Response.ok(service.toDto(t)).tag(ETags.of(t.version)).build();
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("{id}")
    @Operation(
            operationId = "updateSyncTask",
            summary = "Replace a sync task",
            description =
                    "An omitted directory.password keeps the stored one. Send the ETag of your last read in If-Match; a stale one gets 412.")
    @APIResponse(
            responseCode = "200",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = SyncTaskDto.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Response update(
            @PathParam("id") UUID id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull(message = "a JSON body is required") SyncTaskRequest request) {
        SyncTask t = service.update(id, request, ifMatch);
        return Response.ok(service.toDto(t)).tag(ETags.of(t.version)).build();
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{id}")
    @Operation(
            operationId = "deleteSyncTask",
            summary = "Delete a sync task",
            description = "The users and groups it synced stay, owned by no task.")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public void delete(@PathParam("id") UUID id) {
        service.delete(id);
    }
}
