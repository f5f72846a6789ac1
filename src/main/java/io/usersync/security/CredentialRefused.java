package io.usersync.security;

import io.quarkus.security.AuthenticationFailedException;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the failure for a refused credential. Quarkus' exception is final, so the reason (safe to show
 * the caller, never the secret) and the token's public prefix travel as its attributes.
 */
final class CredentialRefused {
    static final String REASON = "usersync.refusal-reason";
    static final String PRESENTED = "usersync.presented";

    private CredentialRefused() {}

    static AuthenticationFailedException because(String reason, String presented) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(REASON, reason);
        if (presented != null) {
            attributes.put(PRESENTED, presented);
        }
        return new AuthenticationFailedException(reason, attributes);
    }
}
