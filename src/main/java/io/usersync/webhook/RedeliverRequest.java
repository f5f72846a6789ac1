package io.usersync.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where redelivery starts: an event id (its decimal position), as a string or a number. */
public record RedeliverRequest(
        @Schema(
                required = true,
                oneOf = {String.class, Long.class},
                description = "the first event to send again, e.g. \"123\"")
        JsonNode fromEventId) {}
