package io.usersync.console;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serves the console's static files (META-INF/resources/console) with a strict Content-Security-Policy,
 * redirects / to it, and answers 404 for all of it when the console is turned off. The console is plain
 * ES modules talking to /api/v1 on the same origin: nothing inline, nothing from elsewhere.
 */
@ApplicationScoped
public class ConsoleRoutes {
    static final String PATH = "/console/";
    // before the static-resource and REST handlers
    private static final int ORDER = -1000;

    private final ConsoleConfig config;
    private final Optional<String> oidcIssuer;
    private final boolean oidcEnabled;
    private final String policy;

    ConsoleRoutes(
            ConsoleConfig config,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> oidcIssuer,
            @ConfigProperty(name = "usersync.security.oidc.enabled", defaultValue = "false") boolean oidcEnabled) {
        this.config = config;
        this.oidcIssuer = oidcIssuer;
        this.oidcEnabled = oidcEnabled;
        this.policy = contentSecurityPolicy();
    }

    void routes(@Observes Router router) {
        router.route("/").order(ORDER).handler(rc -> {
            if (config.enabled() && isRead(rc) && rc.request().path().equals("/")) {
                rc.response().setStatusCode(302).putHeader("Location", PATH).end();
            } else {
                rc.next();
            }
        });
        // Vert.x lets "/console" match "/console/" too: only the bare path is redirected
        router.route("/console").order(ORDER).handler(rc -> {
            if (!rc.request().path().equals("/console")) {
                rc.next();
            } else if (config.enabled() && isRead(rc)) {
                rc.response().setStatusCode(301).putHeader("Location", PATH).end();
            } else {
                notFound(rc);
            }
        });
        router.route("/console/*").order(ORDER + 1).handler(this::console);
    }

    private void console(RoutingContext rc) {
        if (!config.enabled()) {
            notFound(rc);
            return;
        }
        rc.response()
                .putHeader("Content-Security-Policy", policy)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                // revalidate every time: a new release must not run against a stale module graph
                .putHeader("Cache-Control", "no-cache");
        if (rc.normalizedPath().equals(PATH + "config.json")) {
            rc.response()
                    .putHeader("Content-Type", "application/json")
                    .end(settings().encode());
            return;
        }
        rc.next();
    }

    /** What the console needs to know before anyone signs in: whether and where to offer OIDC sign-in. */
    JsonObject settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        if (oidcEnabled && oidcIssuer.isPresent() && config.oidc().clientId().isPresent()) {
            s.put(
                    "oidc",
                    Map.of(
                            "issuer",
                            oidcIssuer.get(),
                            "clientId",
                            config.oidc().clientId().get(),
                            "scope",
                            config.oidc().scope()));
        }
        return new JsonObject(s);
    }

    private String contentSecurityPolicy() {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        if (oidcEnabled && config.oidc().clientId().isPresent()) {
            oidcIssuer.map(ConsoleRoutes::origin).ifPresent(connect::add);
        }
        config.connectOrigins()
                .ifPresent(list -> list.stream()
                        .map(String::trim)
                        .filter(o -> !o.isEmpty())
                        .forEach(connect::add));
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src "
                + String.join(" ", connect) + "; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    static String origin(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    private static boolean isRead(RoutingContext rc) {
        String m = rc.request().method().name();
        return m.equals("GET") || m.equals("HEAD");
    }

    private static void notFound(RoutingContext rc) {
        rc.response()
                .setStatusCode(404)
                .putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject()
                        .put("type", "about:blank")
                        .put("title", "Not Found")
                        .put("status", 404)
                        .put("detail", "no such resource")
                        .encode());
    }
}
