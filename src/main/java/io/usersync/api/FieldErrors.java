package io.usersync.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every validation error of a request so one answer names them all. Malformed values make
 * it a 400; a well-formed request whose only fault is a reference to something missing is a 422.
 */
public final class FieldErrors {
    private final List<Problem.FieldError> errors = new ArrayList<>();
    private int malformed;

    public FieldErrors add(String field, String message) {
        malformed++;
        errors.add(new Problem.FieldError(field, message));
        return this;
    }

    public FieldErrors addUnknownReference(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(malformed > 0 ? 400 : 422, List.copyOf(errors));
        }
    }
}
