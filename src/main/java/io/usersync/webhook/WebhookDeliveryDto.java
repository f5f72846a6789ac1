package io.usersync.webhook;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One attempt to deliver a batch (or a test ping) to a subscription. */
public record WebhookDeliveryDto(
        @Schema(required = true) long id,
        @Schema(required = true) OffsetDateTime attemptedAt,
        @Schema(required = true) DeliveryKind kind,

        @Schema(description = "the receiver's status; absent when no answer came")
        Integer httpStatus,

        @Schema(description = "from sending to the answer or the failure")
        Integer latencyMillis,

        @Schema(description = "absent when the receiver answered 2xx")
        String error,

        @Schema(description = "absent for a test ping") String firstEventId,
        @Schema(description = "absent for a test ping") String lastEventId,
        @Schema(required = true) int eventCount,

        @Schema(description = "the instance that made the attempt")
        String instance) {

    /** What a delivery carried: change events, or the ping of POST /webhooks/{id}/test. */
    public enum DeliveryKind {
        EVENTS,
        TEST
    }
}
