package io.usersync.security;

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

@Path("/api/v1/api-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "API tokens", description = "Bearer tokens for scripts and pipelines")
public class ApiTokenResource {
    private final ApiTokenService service;

    ApiTokenResource(ApiTokenService service) {
        this.service = service;
    }

    @POST
    @Operation(
            operationId = "createApiToken",
            summary = "Create an API token",
            description = "The answer holds the secret; it is shown this once and only its SHA-256 is stored.")
    @APIResponse(
            responseCode = "201",
            description = "created",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = CreatedApiTokenDto.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Response create(@Valid @NotNull(message = "a JSON body is required") ApiTokenRequest request) {
        ApiTokenService.Issued issued = service.create(request);
        return Response.created(URI.create("/api/v1/api-tokens/" + issued.token().id))
                .entity(new CreatedApiTokenDto(ApiTokenDto.of(issued.token()), issued.secret()))
                .build();
    }

    @GET
    @Operation(operationId = "listApiTokens", summary = "List API tokens with their last use")
    @APIResponse(responseCode = "200", description = "one page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Page<ApiTokenDto> list(@Valid @BeanParam PageRequest paging) {
        return service.list(paging);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getApiToken", summary = "Get an API token (never its secret)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ApiTokenDto.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public ApiTokenDto get(@PathParam("id") UUID id) {
        return ApiTokenDto.of(service.get(id));
    }

    @DELETE
    @Path("{id}")
    @Operation(
            operationId = "revokeApiToken",
            summary = "Revoke an API token",
            description = "Refused from the next request on, on every instance.")
    @APIResponse(responseCode = "204", description = "revoked")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public void revoke(@PathParam("id") UUID id) {
        service.revoke(id);
    }
}
