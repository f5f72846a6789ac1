package io.usersync.webhook;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where redelivery starts: an event id (its decimal position); a JSON number is taken as well. */
public record RedeliverRequest(
        @Schema(required = true, description = "the first event to send again, e.g. \"123\" (a number is taken too)")
        String fromEventId) {}
