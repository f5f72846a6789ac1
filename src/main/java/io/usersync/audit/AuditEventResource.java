package io.usersync.audit;

import io.quarkus.panache.common.Sort;
import io.usersync.api.Page;
import io.usersync.api.PageRequest;
import io.usersync.api.ProblemException;
import io.usersync.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/audit-events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Audit", description = "Who changed what, when and from where; refused requests too")
public class AuditEventResource {

    @GET
    @Operation(operationId = "listAuditEvents", summary = "List audit events, newest first")
    @APIResponse(responseCode = "200", description = "one page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Page<AuditEventDto> list(
            @Valid @BeanParam PageRequest paging,
            @Parameter(description = "exact actor, e.g. token:ci-pipeline") @QueryParam("actor") String actor,
            @Parameter(description = "one action", schema = @Schema(implementation = AuditAction.class))
                    @QueryParam("action")
                    String action,
            @Parameter(description = "TASK, GROUP, USER, TOKEN, RUN or ENDPOINT") @QueryParam("targetType")
                    String targetType,
            @Parameter(description = "the changed object's id") @QueryParam("targetId") String targetId,
            @Parameter(description = "SUCCESS or FAILURE") @QueryParam("outcome") String outcome,
            @Parameter(description = "events at or after this time (ISO-8601)") @QueryParam("from") OffsetDateTime from,
            @Parameter(description = "events before this time (ISO-8601)") @QueryParam("to") OffsetDateTime to) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        add(where, params, "actor", actor);
        if (action != null && !action.isBlank()) {
            try {
                AuditAction.valueOf(action);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest(
                        "action", "'" + action + "' is not one of " + Arrays.toString(AuditAction.values()));
            }
        }
        add(where, params, "action", action);
        add(where, params, "targetType", targetType);
        add(where, params, "targetId", targetId);
        if (outcome != null && !outcome.equals("SUCCESS") && !outcome.equals("FAILURE")) {
            throw ProblemException.badRequest("outcome", "must be SUCCESS or FAILURE");
        }
        add(where, params, "outcome", outcome);
        if (from != null) {
            where.add("at >= :from");
            params.put("from", from);
        }
        if (to != null) {
            where.add("at < :to");
            params.put("to", to);
        }
        var query = AuditEvent.<AuditEvent>find(
                        String.join(" and ", where.isEmpty() ? List.of("1 = 1") : where), Sort.descending("id"), params)
                .page(paging.toPanache());
        return new Page<>(
                query.list().stream().map(AuditEventDto::of).toList(), paging.page, paging.size, query.count());
    }

    private static void add(List<String> where, Map<String, Object> params, String field, String value) {
        if (value != null && !value.isBlank()) {
            where.add(field + " = :" + field);
            params.put(field, value);
        }
    }
}
