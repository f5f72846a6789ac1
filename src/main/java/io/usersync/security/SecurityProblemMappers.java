package io.usersync.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.usersync.api.Problem;
import io.usersync.api.ProblemMappers;
import io.usersync.audit.Actor;
import io.usersync.audit.AuditAction;
import io.usersync.audit.AuditLog;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/** 401 and 403 as RFC 9457 problems that say what to send, each one recorded in the audit log. */
public class SecurityProblemMappers {
    private final AuditLog audit;
    private final CurrentIdentityAssociation identity;

    SecurityProblemMappers(AuditLog audit, CurrentIdentityAssociation identity) {
        this.audit = audit;
        this.identity = identity;
    }

    /**
     * The REST layer refuses an Accept or Content-Type it cannot serve before it checks the credential;
     * on /api/v1 a caller without a valid credential learns that first, whatever it asked for.
     */
    @ServerExceptionMapper({NotAcceptableException.class, NotSupportedException.class})
    public Uni<Response> mediaTypeRefused(WebApplicationException e, HttpServerRequest request) {
        if (!request.path().startsWith("/api/")) {
            return Uni.createFrom().item(ProblemMappers.webProblem(e));
        }
        return identity.getDeferredIdentity()
                .map(id -> id == null || id.isAnonymous()
                        ? unauthenticated(new UnauthorizedException(), request)
                        : ProblemMappers.webProblem(e))
                .onFailure(AuthenticationFailedException.class)
                .recoverWithItem(f -> authenticationFailed((AuthenticationFailedException) f, request));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        String ours = e.getAttribute(CredentialRefused.REASON);
        String reason =
                ours != null ? ours : "the bearer token was not accepted (bad signature, issuer, audience or expiry)";
        String shown = e.getAttribute(CredentialRefused.PRESENTED);
        String presented = shown != null ? " (presented " + shown + ")" : "";
        audit.refusal(
                AuditAction.AUTHENTICATION_FAILED,
                Actor.ANONYMOUS,
                request.method().name(),
                request.path(),
                reason + presented);
        return unauthorized("Authentication failed", reason, "invalid_token");
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, HttpServerRequest request) {
        audit.refusal(
                AuditAction.AUTHENTICATION_FAILED,
                Actor.ANONYMOUS,
                request.method().name(),
                request.path(),
                "no credential");
        return unauthorized(
                "Authentication required", "send 'Authorization: Bearer <API token or OIDC access token>'", null);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request, SimpleResourceInfo resource) {
        String needed = requiredRole(resource);
        Actor actor = audit.currentActor();
        audit.refusal(
                AuditAction.ACCESS_DENIED,
                actor,
                request.method().name(),
                request.path(),
                needed == null ? "role too low" : "needs role " + needed);
        Problem p = new Problem(
                403,
                "Forbidden",
                needed == null ? "your role does not allow this" : "this needs the role '" + needed + "' or higher");
        if (needed != null) {
            p.with("requiredRole", needed);
        }
        return ProblemMappers.toResponse(p);
    }

    private static Response unauthorized(String title, String detail, String error) {
        return Response.fromResponse(ProblemMappers.toResponse(new Problem(401, title, detail)))
                .header("WWW-Authenticate", error == null ? "Bearer" : "Bearer error=\"" + error + "\"")
                .build();
    }

    private static String requiredRole(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return null;
        }
        try {
            Method m = resource.getResourceClass().getMethod(resource.getMethodName(), resource.parameterTypes());
            RolesAllowed r = m.getAnnotation(RolesAllowed.class);
            if (r == null) {
                r = resource.getResourceClass().getAnnotation(RolesAllowed.class);
            }
            return r == null || r.value().length == 0 ? null : r.value()[0];
        } catch (NoSuchMethodException ex) {
            return null;
        }
    }
}
