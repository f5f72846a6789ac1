package io.usersync.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.hibernate.StaleObjectStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into an RFC 9457 answer; nothing leaves as a stack trace. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    public static Response toResponse(Problem problem) {
        return Response.status(problem.status)
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return toResponse(e.problem());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .collect(Collectors.toList());
        return toResponse(ProblemException.invalid(400, errors).problem());
    }

    /** Bean-validation paths look like {@code create.request.directory.port}; keep the body's part. */
    private static String fieldOf(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }

    /** Registered for the concrete Jackson types too, so Quarkus' built-in plain-JSON mappers never win. */
    @ServerExceptionMapper({
        JsonProcessingException.class,
        MismatchedInputException.class,
        InvalidFormatException.class,
        JsonParseException.class,
        ValueInstantiationException.class,
        UnrecognizedPropertyException.class,
        StrictJson.UnknownFieldsException.class
    })
    public Response unreadableJson(Exception ex) {
        JsonProcessingException e = (JsonProcessingException) ex;
        if (e instanceof StrictJson.UnknownFieldsException u) {
            return unknownFields(u.fields());
        }
        String field = null;
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
        }
        String reason;
        if (e instanceof UnrecognizedPropertyException && field != null) {
            return unknownFields(List.of(field));
        } else if (e instanceof InvalidFormatException f
                && f.getTargetType() != null
                && f.getTargetType().isEnum()) {
            reason = "'" + f.getValue() + "' is not one of "
                    + Arrays.toString(f.getTargetType().getEnumConstants());
        } else if (e instanceof JsonMappingException && field != null) {
            reason = "has the wrong type or shape";
        } else {
            reason = "the body is not valid JSON: " + e.getOriginalMessage();
        }
        Problem p = new Problem(400, "Malformed request body", field == null ? reason : field + ": " + reason);
        if (field != null) {
            p.errors = List.of(new Problem.FieldError(field, reason));
        }
        return toResponse(p);
    }

    private static final String NOT_A_FIELD = "is not a field of this request (misspelt, or read-only)";

    static Response unknownFields(List<String> fields) {
        Problem p = new Problem(
                400,
                "Unknown fields",
                (fields.size() == 1 ? "unknown field: " : "unknown fields: ") + String.join(", ", fields)
                        + "; nothing was changed");
        p.errors =
                fields.stream().map(f -> new Problem.FieldError(f, NOT_A_FIELD)).toList();
        return toResponse(p);
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleObjectStateException.class})
    public Response concurrentUpdate(Exception e) {
        return toResponse(new Problem(
                412,
                "Precondition failed",
                "the resource was changed by someone else; fetch it again and retry with its new ETag"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException j) {
            return unreadableJson(j);
        }
        return webProblem(e);
    }

    /** The problem for a failure the REST layer raised itself (no such path, wrong method or media type). */
    public static Response webProblem(WebApplicationException e) {
        Response r = e.getResponse();
        int status = r.getStatus();
        String title = r.getStatusInfo().getReasonPhrase();
        String detail = switch (status) {
            case 400 -> "the request body is missing or is not valid JSON";
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "this resource answers application/json only";
            case 415 -> "send the body as application/json";
            default -> e.getMessage();
        };
        Response.ResponseBuilder b =
                Response.fromResponse(r).type(Problem.MEDIA_TYPE).entity(new Problem(status, title, detail));
        return b.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (e.getCause() instanceof JsonProcessingException j) {
            return unreadableJson(j);
        }
        LOG.error("unexpected failure", e);
        return toResponse(
                new Problem(500, "Internal error", "the server failed unexpectedly; its log has the details"));
    }
}
