package io.usersync.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Writes audit events. Changes are recorded in the transaction that makes them, so a change and its
 * record commit or roll back together; failed authentications, which have no transaction, are written
 * on a background thread.
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    /** Its own mapper: the audit record must not depend on how the REST layer happens to be configured. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public static final String ACTOR_TYPE_ATTRIBUTE = "usersync.actor-type";

    private final Instance<SecurityIdentity> identity;
    private final Instance<CurrentVertxRequest> request;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "audit-writer");
        t.setDaemon(true);
        return t;
    });

    AuditLog(Instance<SecurityIdentity> identity, Instance<CurrentVertxRequest> request) {
        this.identity = identity;
        this.request = request;
    }

    /** Records a change by whoever makes the current request, in the caller's transaction. */
    public void change(AuditAction action, String targetType, Object targetId, Object before, Object after) {
        change(currentActor(), action, targetType, targetId, before, after, null);
    }

    /** Records a change by a named actor, such as the scheduler, in the caller's transaction. */
    public void change(
            Actor actor,
            AuditAction action,
            String targetType,
            Object targetId,
            Object before,
            Object after,
            String detail) {
        AuditEvent e = event(actor, action, "SUCCESS", detail);
        e.targetType = targetType;
        e.targetId = targetId == null ? null : targetId.toString();
        e.before = tree(before);
        e.after = tree(after);
        e.persist();
    }

    /** Records a refused request (bad or missing credential, too low a role) in a transaction of its own. */
    public void refusal(AuditAction action, Actor actor, String method, String path, String detail) {
        AuditEvent e = event(actor, action, "FAILURE", detail);
        e.targetType = "ENDPOINT";
        e.targetId = method + " " + path;
        background.execute(() -> {
            try {
                QuarkusTransaction.requiringNew().run(e::persist);
            } catch (RuntimeException ex) {
                LOG.warnf("could not record %s for %s: %s", action, e.targetId, ex.getMessage());
            }
        });
    }

    private AuditEvent event(Actor actor, AuditAction action, String outcome, String detail) {
        AuditEvent e = new AuditEvent();
        e.at = OffsetDateTime.now();
        e.actor = actor.name();
        e.actorType = actor.type().name();
        e.action = action.name();
        e.outcome = outcome;
        e.detail = detail;
        e.remoteAddress = remoteAddress();
        return e;
    }

    /** The caller of the current request, or the service itself outside a request. */
    public Actor currentActor() {
        if (!Arc.container().requestContext().isActive()) {
            return Actor.SYSTEM;
        }
        SecurityIdentity id = identity.get();
        if (id == null || id.isAnonymous()) {
            return Actor.ANONYMOUS;
        }
        Object type = id.getAttribute(ACTOR_TYPE_ATTRIBUTE);
        return new Actor(id.getPrincipal().getName(), type instanceof Actor.ActorType t ? t : Actor.ActorType.OIDC);
    }

    private String remoteAddress() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        RoutingContext ctx = request.get().getCurrent();
        if (ctx == null || ctx.request().remoteAddress() == null) {
            return null;
        }
        return ctx.request().remoteAddress().hostAddress();
    }

    private static Map<String, Object> tree(Object value) {
        if (value == null) {
            return null;
        }
        return JSON.convertValue(
                SecretMasking.mask(JSON.valueToTree(value)), new TypeReference<Map<String, Object>>() {});
    }

    @PreDestroy
    void stop() {
        background.shutdown();
    }
}
