package io.usersync.task;

import io.usersync.api.Roles;
import io.usersync.directory.ConnectionTestResult;
import io.usersync.directory.ConnectionTester;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Testing a task's stored connection and password. */
@RolesAllowed(Roles.OPERATOR)
@Path("/api/v1/sync-tasks/{id}/test")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Directory")
public class TaskConnectionTestResource {
    private final SyncTaskService tasks;
    private final ConnectionTester tester;

    TaskConnectionTestResource(SyncTaskService tasks, ConnectionTester tester) {
        this.tasks = tasks;
        this.tester = tester;
    }

    @POST
    @Operation(operationId = "testTaskConnection", summary = "Test the task's stored connection and credentials")
    @APIResponse(
            responseCode = "200",
            content = @Content(schema = @Schema(implementation = ConnectionTestResult.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "422", ref = "DirectoryFailure")
    public ConnectionTestResult test(@PathParam("id") UUID id) {
        return tester.test(tasks.connectionOf(tasks.get(id)));
    }
}
