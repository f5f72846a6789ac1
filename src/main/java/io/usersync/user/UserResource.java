package io.usersync.user;

import io.usersync.api.ETags;
import io.usersync.api.Page;
import io.usersync.api.PageRequest;
import io.usersync.api.Roles;
import jakarta.annotation.security.RolesAllowed;
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
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Users", description = "Synced users, and users created by hand")
public class UserResource {
    private final UserService service;

    UserResource(UserService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "listUsers", summary = "Search users by name, email or username; filter by group or task")
    @APIResponse(responseCode = "200", description = "one page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Page<UserDto> list(
            @Valid @BeanParam PageRequest paging,
            @Parameter(description = "part of the username, display name or email") @QueryParam("q") String q,
            @Parameter(description = "users in this group or members of it") @QueryParam("groupId") UUID groupId,
            @QueryParam("taskId") UUID taskId,
            @Parameter(
                            description = "ACTIVE, DISABLED or EXPIRED (see User.state)",
                            schema = @Schema(implementation = UserState.class))
                    @QueryParam("state")
                    String state) {
        return service.list(paging, q, groupId, taskId, state);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getUser", summary = "A user with all its groups")
    @APIResponse(
            responseCode = "200",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = UserDto.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response get(@PathParam("id") UUID id) {
        AppUser u = service.get(id);
        return Response.ok(service.detail(u)).tag(ETags.of(u.version)).build();
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Operation(operationId = "createUser", summary = "Create a user by hand (owned by no task)")
    @APIResponse(
            responseCode = "201",
            description = "created",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = UserDto.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Response create(@Valid @NotNull(message = "a JSON body is required") UserRequest request) {
        AppUser u = service.create(request);
        return Response.created(URI.create("/api/v1/users/" + u.id))
                .tag(ETags.of(u.version))
                .entity(service.detail(u))
                .build();
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("{id}")
    @Operation(
            operationId = "updateUser",
            summary = "Change a user",
            description =
                    "For a synced user only customAttributes may change; other differences are a 409 naming the owning task.")
    @APIResponse(
            responseCode = "200",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = UserDto.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Response update(
            @PathParam("id") UUID id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull(message = "a JSON body is required") UserRequest request) {
        AppUser u = service.update(id, request, ifMatch);
        return Response.ok(service.detail(u)).tag(ETags.of(u.version)).build();
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteUser", summary = "Delete a user created by hand")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public void delete(@PathParam("id") UUID id) {
        service.delete(id);
    }
}
