package io.usersync.console;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** The built-in web console at /console/. Defaults and variable names are in application.properties. */
@ConfigMapping(prefix = "usersync.console")
public interface ConsoleConfig {
    /** Serve the console (and redirect / to it); false answers 404 for every console path. */
    boolean enabled();

    /**
     * Origins besides the service's own that the console's scripts may connect to (Content-Security-Policy
     * connect-src), e.g. an identity provider whose token endpoint is not on its issuer's origin.
     */
    Optional<List<String>> connectOrigins();

    Oidc oidc();

    interface Oidc {
        /**
         * The public client id the console signs in with (authorization code + PKCE in the browser). Without it
         * the console offers API-token sign-in only. No client secret exists or is needed.
         */
        Optional<String> clientId();

        /** Scopes asked for; the access token must carry the role claim the service reads. */
        String scope();
    }
}
