package io.usersync.directory;

import io.usersync.api.Problem;
import io.usersync.api.ProblemException;

/** A directory-side failure as an API answer: 422 with the category a console can switch on. */
public final class DirectoryProblems {
    private DirectoryProblems() {}

    public static ProblemException of(DirectoryException e) {
        if (e.category() == FailureCategory.NO_SUCH_OBJECT) {
            return new ProblemException(
                    new Problem(404, "No such entry", e.getMessage()).with("category", e.category()));
        }
        Problem p = new Problem(422, "Directory unusable with these settings", e.getMessage())
                .with("category", e.category());
        if (e.adSubCode() != null) {
            p.with("adSubCode", e.adSubCode());
        }
        if (!e.candidates().isEmpty()) {
            p.with("candidates", e.candidates());
        }
        return new ProblemException(p);
    }
}
