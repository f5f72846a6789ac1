package io.usersync.webhook;

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

@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(
        name = "Webhooks",
        description = "Subscriptions that get the change events as signed CloudEvent batches (Standard Webhooks)")
public class WebhookResource {
    private final WebhookService service;

    WebhookResource(WebhookService service) {
        this.service = service;
    }

    @POST
    @Operation(
            operationId = "createWebhook",
            summary = "Create a webhook subscription",
            description = "It gets the events written from now on. The answer holds the signing secret: shown this"
                    + " once, stored encrypted, never shown again.")
    @APIResponse(
            responseCode = "201",
            description = "created",
            headers = {
                @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING))
            },
            content = @Content(schema = @Schema(implementation = WebhookDto.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Response create(@Valid @NotNull(message = "a JSON body is required") WebhookRequest request) {
        WebhookService.Created c = service.create(request);
        return Response.created(URI.create("/api/v1/webhooks/" + c.subscription().id))
                .tag(ETags.of(c.subscription().version))
                .entity(WebhookDto.of(c.subscription(), c.secret()))
                .build();
    }

    @GET
    @Operation(operationId = "listWebhooks", summary = "List webhook subscriptions (never their secrets)")
    @APIResponse(responseCode = "200", description = "one page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Page<WebhookDto> list(@Valid @BeanParam PageRequest paging) {
        return service.list(paging);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getWebhook", summary = "Get a webhook subscription (never its secret)")
    @APIResponse(
            responseCode = "200",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = WebhookDto.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response get(@PathParam("id") UUID id) {
        WebhookSubscription s = service.get(id);
        return Response.ok(WebhookDto.of(s)).tag(ETags.of(s.version)).build();
    }

    @PUT
    @Path("{id}")
    @Operation(
            operationId = "updateWebhook",
            summary = "Replace a webhook subscription",
            description =
                    "An omitted secret keeps the stored one. Enabling it or changing its url resumes a FAILING"
                            + " subscription from its cursor. Send the ETag of your last read in If-Match; a stale one gets 412.")
    @APIResponse(
            responseCode = "200",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = WebhookDto.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Response update(
            @PathParam("id") UUID id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull(message = "a JSON body is required") WebhookRequest request) {
        WebhookSubscription s = service.update(id, request, ifMatch);
        return Response.ok(WebhookDto.of(s)).tag(ETags.of(s.version)).build();
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook subscription and its delivery records")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public void delete(@PathParam("id") UUID id) {
        service.delete(id);
    }

    @POST
    @Path("{id}/test")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            operationId = "testWebhook",
            summary = "Send a test ping now",
            description = "One CloudEvent of type io.usersync.webhook.ping, signed as events are, sent at once even"
                    + " when the subscription is disabled; the answer is the attempt as recorded in its deliveries.")
    @APIResponse(
            responseCode = "200",
            description = "the attempt, delivered or not",
            content = @Content(schema = @Schema(implementation = WebhookDeliveryDto.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public WebhookDeliveryDto test(@PathParam("id") UUID id) {
        return service.test(id);
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "List a subscription's delivery attempts, newest first")
    @APIResponse(responseCode = "200", description = "one page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<WebhookDeliveryDto> deliveries(@PathParam("id") UUID id, @Valid @BeanParam PageRequest paging) {
        return service.deliveries(id, paging);
    }

    @POST
    @Path("{id}/redeliver")
    @Operation(
            operationId = "redeliverWebhook",
            summary = "Send events again from an event on",
            description = "Moves the cursor to just before the event and resumes the subscription at once (also a"
                    + " FAILING one). An event purged by the retention is 410 with the oldest event id kept.")
    @APIResponse(
            responseCode = "202",
            description = "accepted: the subscription as it resumes",
            content = @Content(schema = @Schema(implementation = WebhookDto.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "410", ref = "Gone")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Response redeliver(
            @PathParam("id") UUID id, @NotNull(message = "a JSON body is required") RedeliverRequest request) {
        WebhookSubscription s = service.redeliver(id, request);
        return Response.accepted(WebhookDto.of(s)).tag(ETags.of(s.version)).build();
    }
}
