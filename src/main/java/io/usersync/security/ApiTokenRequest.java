package io.usersync.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a new API token is called, what it may do and until when. */
public record ApiTokenRequest(
        @NotBlank(message = "must not be blank") @Size(max = 200, message = "must be at most 200 characters")
        String name,

        @NotNull(message = "must be one of viewer, operator, admin")
        TokenRole role,

        @Schema(description = "when the token stops working; omitted means it never expires")
        OffsetDateTime expiresAt) {}
