package io.usersync.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An opaque bearer secret to check against the API tokens and the bootstrap token. */
public class ApiTokenCredential extends BaseAuthenticationRequest {
    private final String secret;

    public ApiTokenCredential(String secret) {
        this.secret = secret;
    }

    public String secret() {
        return secret;
    }

    /** The part of a secret that may be shown: the same prefix the token list shows. */
    public String visiblePrefix() {
        int n = Math.min(secret.length(), ApiTokenService.SECRET_PREFIX.length() + 6);
        return secret.startsWith(ApiTokenService.SECRET_PREFIX)
                ? secret.substring(0, n) + "…"
                : "(not a usersync token)";
    }

    @Override
    public String toString() {
        return "ApiTokenCredential[" + visiblePrefix() + "]";
    }
}
