package io.usersync.security;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to creating a token: the only time its secret is shown. */
public record CreatedApiTokenDto(
        @Schema(required = true) ApiTokenDto token,

        @Schema(required = true, description = "send as 'Authorization: Bearer <secret>'; shown only now")
        String secret) {}
