package io.usersync.user;

import io.usersync.api.ProblemException;
import io.usersync.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/users/{id}/photo")
@Tag(name = "Users")
public class UserPhotoResource {
    private final UserService service;

    UserPhotoResource(UserService service) {
        this.service = service;
    }

    @GET
    @Produces({"image/jpeg", "image/png", "application/octet-stream", "application/problem+json"})
    @Operation(
            operationId = "getUserPhoto",
            summary = "A user's photo",
            description =
                    "The bytes of the directory's photo (mapping.photoAttribute), with the content type they show;"
                            + " send the ETag in If-None-Match to get a 304 when it has not changed")
    @APIResponse(
            responseCode = "200",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = {
                @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(
                        mediaType = "application/octet-stream",
                        schema = @Schema(type = SchemaType.STRING, format = "binary"))
            })
    @APIResponse(responseCode = "304", description = "the photo is the one named by If-None-Match")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response get(@PathParam("id") UUID id, @Context Request request) {
        AppUser u = service.get(id);
        UserPhoto photo = service.photo(u).orElseThrow(() -> ProblemException.notFound("photo of user", id));
        EntityTag tag = new EntityTag(photo.sha256());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.build();
        }
        return Response.ok(photo.bytes(), photo.contentType()).tag(tag).build();
    }
}
