package io.usersync.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.usersync.api.Roles;
import io.usersync.audit.Actor;
import io.usersync.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Set;

/**
 * Gives an identity-provider user usersync roles: the token's role claim values pass through the
 * configured mapping, the highest usersync role found wins, and the roles below it come with it.
 * Claim values that map to no usersync role grant nothing.
 */
@ApplicationScoped
public class OidcRoleAugmentor implements SecurityIdentityAugmentor {
    private final SecurityConfig config;

    OidcRoleAugmentor(SecurityConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(AuditLog.ACTOR_TYPE_ATTRIBUTE) != null) {
            return Uni.createFrom().item(identity);
        }
        Set<String> mapped = new HashSet<>();
        for (String claimValue : identity.getRoles()) {
            mapped.add(config.oidc().roleMapping().getOrDefault(claimValue, claimValue));
        }
        String highest = Roles.highest(mapped);
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(AuditLog.ACTOR_TYPE_ATTRIBUTE, Actor.ActorType.OIDC);
        if (highest != null) {
            b.addRoles(Roles.withIncluded(highest));
        }
        return Uni.createFrom().item(b.build());
    }
}
