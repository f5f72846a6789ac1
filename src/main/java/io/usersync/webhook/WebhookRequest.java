package io.usersync.webhook;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A subscription as created or replaced. */
public record WebhookRequest(
        @Schema(required = true, description = "absolute https URL (http only where the server allows it)")
        @NotBlank(message = "must not be blank")
        @Size(max = 2000, message = "must be at most 2000 characters")
        String url,

        @Schema(description = "event types (user.created) or families (user.*); empty or omitted: every type")
        List<String> events,

        @Schema(description = "only events of these tasks' objects and runs; omitted: every task's and the API's")
        List<UUID> taskIds,

        @Schema(description = "default true") Boolean enabled,

        @Schema(
                description =
                        "the signing secret, whsec_ and the base64 of 24 to 64 bytes; generated when omitted on create,"
                                + " kept when omitted on replace. Shown only in the answer to create.")
        String secret) {}
