package io.usersync.security;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How callers prove who they are, how secrets are kept, and where browse and test may connect.
 * Defaults and variable names are in application.properties.
 */
@ConfigMapping(prefix = "usersync.security")
public interface SecurityConfig {
    /** AES-256-GCM key for bind passwords at rest, 32 bytes in base64. */
    Optional<String> secretKey();

    /** An admin secret from configuration, so automation can create the first tokens. */
    Optional<String> bootstrapToken();

    Oidc oidc();

    /** Host names ({@code *.corp.example.com} allowed) and IP ranges that browse and test may connect to; empty means any. */
    Optional<List<String>> directoryHostAllowlist();

    interface Oidc {
        /** Accept JWT bearer tokens from an external identity provider (verified by smallrye-jwt's settings). */
        boolean enabled();

        /** Identity-provider role or group name to usersync role; names that already are usersync roles map to themselves. */
        Map<String, String> roleMapping();
    }
}
