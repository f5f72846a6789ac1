package io.usersync.security;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An API token as listed: never its secret. */
public record ApiTokenDto(
        @Schema(required = true) UUID id,
        @Schema(required = true) String name,
        @Schema(required = true) TokenRole role,

        @Schema(required = true, description = "the first characters of the secret, to tell tokens apart")
        String secretPrefix,

        OffsetDateTime expiresAt,
        @Schema(required = true) OffsetDateTime createdAt,
        @Schema(required = true) String createdBy,

        @Schema(description = "last successful use, to the minute")
        OffsetDateTime lastUsedAt,

        @Schema(required = true) boolean expired) {

    static ApiTokenDto of(ApiToken t) {
        return new ApiTokenDto(
                t.id,
                t.name,
                TokenRole.valueOf(t.role),
                t.secretPrefix,
                t.expiresAt,
                t.createdAt,
                t.createdBy,
                t.lastUsedAt,
                t.expired(OffsetDateTime.now()));
    }
}
