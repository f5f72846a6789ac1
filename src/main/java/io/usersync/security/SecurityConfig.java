package io.usersync.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How callers prove who they are, and where browse and test may connect. */
@ConfigMapping(prefix = "usersync.security")
public interface SecurityConfig {
    /** An admin secret from configuration, so automation can create the first tokens. */
    Optional<String> bootstrapToken();

    Oidc oidc();

    /** Host names ({@code *.corp.example.com} allowed) and IP ranges that browse and test may connect to; empty means any. */
    Optional<List<String>> directoryHostAllowlist();

    interface Oidc {
        /** Accept JWT bearer tokens from an external identity provider (verified by smallrye-jwt's settings). */
        @WithDefault("false")
        boolean enabled();

        /** Identity-provider role or group name to usersync role; names that already are usersync roles map to themselves. */
        Map<String, String> roleMapping();
    }
}
