package io.usersync.webhook;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A subscription as the API shows it: its secret only in the answer to create. */
public record WebhookDto(
        @Schema(required = true) UUID id,
        @Schema(required = true) String url,

        @Schema(required = true, description = "types and families as given; empty: every type")
        List<String> events,

        @Schema(description = "absent: every task's events and the API's")
        List<UUID> taskIds,

        @Schema(required = true) boolean enabled,

        @Schema(
                required = true,
                description =
                        "FAILING: deliveries failed for longer than the retry period; a PUT that enables it or changes"
                                + " its url, or a redeliver, resumes it")
        WebhookStatus status,

        @Schema(required = true, description = "the id of the last event delivered or passed over")
        String cursor,

        @Schema(description = "the last failed attempt's error")
        String lastError,

        @Schema(description = "start of the current streak of failed attempts")
        OffsetDateTime failingSince,

        @Schema(description = "when the next attempt is due after a failure")
        OffsetDateTime nextAttemptAt,

        @Schema(description = "the signing secret: only in the answer to create, never again")
        String secret,

        @Schema(required = true) OffsetDateTime createdAt,
        @Schema(required = true) OffsetDateTime updatedAt) {

    static WebhookDto of(WebhookSubscription s) {
        return of(s, null);
    }

    static WebhookDto of(WebhookSubscription s, String secret) {
        return new WebhookDto(
                s.id,
                s.url,
                s.events == null ? List.of() : List.copyOf(s.events),
                s.taskIds == null ? null : List.copyOf(s.taskIds),
                s.enabled,
                WebhookStatus.valueOf(s.status),
                Long.toString(s.cursor),
                s.lastError,
                s.failingSince,
                s.nextAttemptAt,
                secret,
                s.createdAt,
                s.updatedAt);
    }
}
