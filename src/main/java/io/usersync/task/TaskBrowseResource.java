package io.usersync.task;

import io.usersync.api.Roles;
import io.usersync.directory.BrowseResult;
import io.usersync.directory.DirectoryBrowser;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Browsing with a task's stored connection and password (which the API never returns). */
@RolesAllowed(Roles.OPERATOR)
@Path("/api/v1/sync-tasks/{id}/browse")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Directory")
public class TaskBrowseResource {
    private final SyncTaskService tasks;
    private final DirectoryBrowser browser;

    TaskBrowseResource(SyncTaskService tasks, DirectoryBrowser browser) {
        this.tasks = tasks;
        this.browser = browser;
    }

    @GET
    @Operation(operationId = "browseTaskDirectory", summary = "Browse the task's directory with its stored credentials")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = BrowseResult.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "422", ref = "DirectoryFailure")
    public BrowseResult browse(
            @PathParam("id") UUID id,
            @QueryParam("dn") String dn,
            @QueryParam("cursor") String cursor,
            @QueryParam("pageSize")
                    @Min(value = 1, message = "must be between 1 and 1000")
                    @Max(value = 1000, message = "must be between 1 and 1000")
                    Integer pageSize,
            @QueryParam("filter") String filter,
            @QueryParam("includeSystemPartitions") boolean includeSystemPartitions) {
        return browser.browse(tasks.connectionOf(tasks.get(id)), dn, cursor, pageSize, filter, includeSystemPartitions);
    }
}
