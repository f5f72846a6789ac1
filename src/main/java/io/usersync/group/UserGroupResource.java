package io.usersync.group;

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
@Path("/api/v1/user-groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "User groups", description = "The tree that synced groups and users land in; its root is All")
public class UserGroupResource {
    private final UserGroupService service;
    private final SecurityIdentity caller;

    UserGroupResource(UserGroupService service, SecurityIdentity caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "listUserGroups", summary = "List user groups, optionally by name")
    @APIResponse(responseCode = "200", description = "one page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Page<UserGroupDto> list(
            @Valid @BeanParam PageRequest paging,
            @Parameter(description = "case-insensitive part of the name") @QueryParam("name") String name,
            @Parameter(
                            description = "removed: also list removed groups (tombstones, with removedAt), admins only",
                            schema = @Schema(enumeration = {"removed"}))
                    @QueryParam("include")
                    String include) {
        return service.list(paging, name, Tombstones.included(include, caller));
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Operation(operationId = "createUserGroup", summary = "Create a user group")
    @APIResponse(
            responseCode = "201",
            description = "created",
            headers = {
                @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING))
            },
            content = @Content(schema = @Schema(implementation = UserGroupDto.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Response create(@Valid @NotNull(message = "a JSON body is required") UserGroupRequest request) {
        UserGroup g = service.create(request);
        return Response.created(URI.create("/api/v1/user-groups/" + g.id))
                .tag(ETags.of(g.version))
                .entity(UserGroupDto.of(g))
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getUserGroup", summary = "Get a user group")
    @APIResponse(
            responseCode = "200",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = UserGroupDto.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "410", ref = "Gone")
    public Response get(@PathParam("id") UUID id) {
        UserGroup g = service.get(id);
        return Response.ok(UserGroupDto.of(g)).tag(ETags.of(g.version)).build();
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("{id}")
    @Operation(
            operationId = "updateUserGroup",
            summary = "Rename, move or describe a user group",
            description =
                    "Send the ETag of your last read in If-Match to refuse lost updates (412). Moving a group under its own descendant is a 409.")
    @APIResponse(
            responseCode = "200",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = UserGroupDto.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Response update(
            @PathParam("id") UUID id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull(message = "a JSON body is required") UserGroupRequest request) {
        UserGroup g = service.update(id, request, ifMatch);
        return Response.ok(UserGroupDto.of(g)).tag(ETags.of(g.version)).build();
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{id}")
    @Operation(
            operationId = "deleteUserGroup",
            summary = "Remove an empty user group",
            description = "Refused with 409 for the root, a group with children or users, and a task's target group."
                    + " A removed group is a tombstone: GET answers 410 Gone and lists leave it out until"
                    + " USERSYNC_REMOVED_RETENTION purges it.")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public void delete(@PathParam("id") UUID id) {
        service.delete(id);
    }

    @GET
    @Path("{id}/children")
    @Operation(operationId = "listUserGroupChildren", summary = "List the direct child groups of a group")
    @APIResponse(responseCode = "200", description = "one page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<UserGroupDto> children(@PathParam("id") UUID id, @Valid @BeanParam PageRequest paging) {
        return service.children(id, paging);
    }
}
