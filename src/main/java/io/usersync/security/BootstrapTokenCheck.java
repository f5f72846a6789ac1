package io.usersync.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Refuses to start with a guessable bootstrap token, and tells a newcomer on the dev/demo profile which
 * token to send (that token is documented in the README and works only where that profile runs).
 */
@Singleton
public class BootstrapTokenCheck {
    private static final Logger LOG = Logger.getLogger(BootstrapTokenCheck.class);
    static final int MIN_LENGTH = 24;
    static final String DEV_TOKEN_NOTE =
            "Dev profile: send 'Authorization: Bearer $USERSYNC_BOOTSTRAP_TOKEN' (default on this profile: see README, 'Tokens')";

    void onStart(@Observes StartupEvent e, SecurityConfig config) {
        if (config.oidc().enabled()) {
            var c = ConfigProvider.getConfig();
            boolean key = c.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                            .isPresent()
                    || c.getOptionalValue("mp.jwt.verify.publickey", String.class)
                            .isPresent();
            if (!key || c.getOptionalValue("mp.jwt.verify.issuer", String.class).isEmpty()) {
                throw new IllegalStateException(
                        "USERSYNC_OIDC_ENABLED=true needs MP_JWT_VERIFY_PUBLICKEY_LOCATION (the identity "
                                + "provider's JWKS URL) and MP_JWT_VERIFY_ISSUER (its issuer)");
            }
            LOG.infof("OIDC bearer tokens accepted from issuer %s", c.getValue("mp.jwt.verify.issuer", String.class));
        }
        config.bootstrapToken()
                .filter(t -> !t.isBlank())
                .ifPresentOrElse(
                        token -> {
                            if (token.trim().length() < MIN_LENGTH) {
                                throw new IllegalStateException("USERSYNC_BOOTSTRAP_TOKEN must be at least "
                                        + MIN_LENGTH + " characters; make one with: head -c 32 /dev/urandom | base64");
                            }
                            LOG.info("bootstrap admin token configured (USERSYNC_BOOTSTRAP_TOKEN)");
                            if (isDevProfile()) {
                                LOG.info(DEV_TOKEN_NOTE);
                            }
                        },
                        () -> LOG.info(
                                "no bootstrap token configured: only existing API tokens and OIDC tokens are accepted"));
    }

    private static boolean isDevProfile() {
        return ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.profile", String.class)
                        .map(p -> p.contains("demo") || p.contains("dev"))
                        .orElse(false)
                || LaunchMode.current() == LaunchMode.DEVELOPMENT;
    }
}
