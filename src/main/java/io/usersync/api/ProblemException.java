package io.usersync.api;

import java.util.List;

/** Thrown by services to end a request with a problem answer; resources stay free of error plumbing. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail, null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(new Problem(404, "Not found", what + " " + id + " does not exist"));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(new Problem(409, "Conflict", detail));
    }

    public static ProblemException badRequest(String field, String message) {
        return invalid(400, List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException invalid(int status, List<Problem.FieldError> errors) {
        Problem p = new Problem(
                status,
                status == 422 ? "Unprocessable request" : "Invalid request",
                errors.size() == 1
                        ? errors.get(0).field() + ": " + errors.get(0).message()
                        : errors.size() + " fields are invalid");
        p.errors = errors;
        return new ProblemException(p);
    }
}
