package io.usersync.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer}. Opaque secrets are API tokens (or the bootstrap token), checked
 * here; JWTs are left to smallrye-jwt's mechanism when OIDC is enabled and refused when it is not, so a
 * caller learns why instead of seeing a bare 401.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {
    private static final String BEARER = "Bearer ";
    private final SecurityConfig config;

    BearerTokenMechanism(SecurityConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null) {
            return Uni.createFrom().nullItem();
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refuse("send the credential as 'Authorization: Bearer <token>'; other schemes are not accepted");
        }
        String token = header.substring(BEARER.length()).trim();
        if (token.isEmpty()) {
            return refuse("the bearer token is empty");
        }
        if (looksLikeJwt(token)) {
            return config.oidc().enabled()
                    ? Uni.createFrom().nullItem()
                    : refuse("OIDC tokens are not enabled on this server; use an API token");
        }
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ApiTokenCredential(token), context));
    }

    private static boolean looksLikeJwt(String token) {
        return !token.startsWith(ApiTokenService.SECRET_PREFIX)
                && token.chars().filter(c -> c == '.').count() == 2;
    }

    private static Uni<SecurityIdentity> refuse(String reason) {
        return Uni.createFrom().failure(CredentialRefused.because(reason, null));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenCredential.class);
    }

    @Override
    public int getPriority() {
        // ahead of smallrye-jwt's mechanism, which would otherwise try to parse an API token as a JWT
        return DEFAULT_PRIORITY + 1000;
    }
}
