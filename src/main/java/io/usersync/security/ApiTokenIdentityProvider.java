package io.usersync.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.usersync.api.Roles;
import io.usersync.audit.Actor;
import io.usersync.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Turns an API token or the bootstrap token into an identity with its role and every role below it. */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenCredential> {
    private final ApiTokenService tokens;
    private final SecurityConfig config;

    ApiTokenIdentityProvider(ApiTokenService tokens, SecurityConfig config) {
        this.tokens = tokens;
        this.config = config;
    }

    @Override
    public Class<ApiTokenCredential> getRequestType() {
        return ApiTokenCredential.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenCredential request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            Optional<String> bootstrap = config.bootstrapToken().filter(s -> !s.isBlank());
            if (bootstrap.isPresent() && ApiTokenService.sameSecret(request.secret(), bootstrap.get())) {
                return identity("bootstrap", Roles.ADMIN, Actor.ActorType.BOOTSTRAP)
                        .build();
            }
            ApiTokenService.Holder holder = tokens.authenticate(request.secret())
                    .orElseThrow(() -> CredentialRefused.because(
                            "the API token is unknown, expired or revoked", request.visiblePrefix()));
            return identity("token:" + holder.name(), holder.role(), Actor.ActorType.TOKEN)
                    .build();
        });
    }

    private static QuarkusSecurityIdentity.Builder identity(String name, String role, Actor.ActorType type) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(name))
                .addRoles(Roles.withIncluded(role))
                .addAttribute(AuditLog.ACTOR_TYPE_ATTRIBUTE, type);
    }
}
