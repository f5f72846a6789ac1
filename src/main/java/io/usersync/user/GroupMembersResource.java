package io.usersync.user;

import io.usersync.api.Page;
import io.usersync.api.PageRequest;
import io.usersync.api.Roles;
import io.usersync.group.UserGroupService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A group's users; a class of its own so that JAX-RS matching prefers it over /user-groups. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/user-groups/{id}/members")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "User groups")
public class GroupMembersResource {
    private final UserService service;
    private final UserGroupService groups;

    GroupMembersResource(UserService service, UserGroupService groups) {
        this.service = service;
        this.groups = groups;
    }

    @GET
    @Operation(operationId = "listUserGroupMembers", summary = "Users in a group: those who sit in it and its members")
    @APIResponse(responseCode = "200", description = "one page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "410", ref = "Gone")
    public Page<UserDto> members(@PathParam("id") UUID groupId, @Valid @BeanParam PageRequest paging) {
        groups.get(groupId);
        return service.list(paging, null, groupId, null, null, false);
    }
}
