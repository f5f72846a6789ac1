package io.usersync.user;

import io.quarkus.security.identity.SecurityIdentity;
import io.usersync.api.ETags;
import io.usersync.api.Page;
import io.usersync.api.PageRequest;
import io.usersync.api.Roles;
import io.usersync.api.Tombstones;
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
    private final SecurityIdentity caller;

    UserResource(UserService service, SecurityIdentity caller) {
        this.service = service;
        this.caller = caller;
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
                    String state,
            @Parameter(
                            description = "removed: also list removed users (tombstones, with removedAt), admins only",
                            schema = @Schema(enumeration = {"removed"}))
                    @QueryParam("include")
                    String include) {
        return service.list(paging, q, groupId, taskId, state, Tombstones.included(include, caller));
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getUser", summary = "A user with all its groups")
    @APIResponse(
            responseCode = "200",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = UserDto.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "410", ref = "Gone")
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
            description = "For a synced user only enabled and customAttributes may change; other differences are a"
                    + " 409 naming the owning task. enabled: false disables it for good (disabledBy ADMIN): no sync"
                    + " enables it again, only enabled: true here.")
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
    @Operation(
            operationId = "deleteUser",
            summary = "Remove a user created by hand, or purge a removed one",
            description = "A removed user is a tombstone: GET answers 410 Gone and lists leave it out until"
                    + " USERSYNC_REMOVED_RETENTION purges it. purge=true purges it now (USERSYNC_PURGE_MODE: DELETE,"
                    + " or ANONYMIZE, which keeps the id and blanks every personal field). A synced user leaves by"
                    + " leaving its task's scope (409).")
    @APIResponse(responseCode = "204", description = "removed (or purged)")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "410", ref = "Gone")
    public void delete(
            @PathParam("id") UUID id,
            @Parameter(description = "purge now rather than keep a tombstone for the retention") @QueryParam("purge")
                    boolean purge) {
        service.delete(id, purge);
    }
}
