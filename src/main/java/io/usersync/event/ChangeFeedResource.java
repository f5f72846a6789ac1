package io.usersync.event;

import io.usersync.api.FieldErrors;
import io.usersync.api.Problem;
import io.usersync.api.ProblemException;
import io.usersync.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/changes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "Changes", description = "The change events of users, groups, memberships and runs, in order, for polling")
public class ChangeFeedResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final ChangeFeed feed;

    ChangeFeedResource(ChangeFeed feed) {
        this.feed = feed;
    }

    @GET
    @Operation(
            operationId = "listChanges",
            summary = "Change events after a cursor, in order",
            description = "The same events webhooks deliver. Start without 'after' (the oldest kept), then pass each"
                    + " answer's nextCursor. Events are kept as long as runs (USERSYNC_RUN_RETENTION)")
    @APIResponse(
            responseCode = "200",
            description = "one page",
            content = @Content(schema = @Schema(implementation = ChangeFeedPage.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(
            responseCode = "410",
            description = "the cursor is older than the oldest event kept; the problem's oldestCursor goes on from"
                    + " the oldest one",
            content =
                    @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response list(
            @Parameter(description = "an event id or a nextCursor: the events after it") @QueryParam("after")
                    String after,
            @Parameter(description = "at most this many events (1-1000, default 100)") @QueryParam("limit")
                    Integer limit,
            @Parameter(
                            description = "event types or families, comma-separated or repeated: user.created,"
                                    + " user.*, membership.*")
                    @QueryParam("types")
                    List<String> types,
            @Parameter(description = "only events of this task's objects and runs (repeatable)") @QueryParam("taskId")
                    List<UUID> taskIds) {
        FieldErrors errors = new FieldErrors();
        Long cursor = null;
        if (after != null && !after.isBlank()) {
            try {
                cursor = Long.parseLong(after.strip());
                if (cursor < 0) {
                    errors.add("after", "must be an event id or a nextCursor (a non-negative number)");
                }
            } catch (NumberFormatException e) {
                errors.add("after", "'" + after + "' is not an event id or a nextCursor (a non-negative number)");
            }
        }
        int n = limit == null ? DEFAULT_LIMIT : limit;
        if (n < 1 || n > MAX_LIMIT) {
            errors.add("limit", "must be between 1 and " + MAX_LIMIT + " (was " + limit + ")");
        }
        List<String> patterns = new ArrayList<>();
        if (types != null) {
            for (String t : types) {
                for (String part : t.split(",")) {
                    if (!part.isBlank()) {
                        patterns.add(part.strip());
                    }
                }
            }
        }
        Set<EventType> selected = EventFilter.parseTypes(patterns, "types", errors);
        errors.throwIfAny();
        ChangeFeed.Answer answer = feed.read(cursor, n, new EventFilter(selected, taskIds));
        if (answer.tooOld()) {
            Problem p = new Problem(
                    410,
                    "Gone",
                    "events up to " + answer.floor() + " are no longer kept (USERSYNC_RUN_RETENTION); go on from the"
                            + " oldest kept with after=" + answer.floor());
            p.with("oldestCursor", Long.toString(answer.floor()));
            throw new ProblemException(p);
        }
        return Response.ok(answer.json()).build();
    }
}
