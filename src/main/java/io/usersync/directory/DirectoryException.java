package io.usersync.directory;

import java.util.List;

/** A directory operation failed; {@link #category} says why in a way a console can show. */
public class DirectoryException extends Exception {
    private final FailureCategory category;
    private final String adSubCode;
    private final transient List<CandidateOutcome> candidates;

    public DirectoryException(FailureCategory category, String message, String adSubCode, Throwable cause) {
        this(category, message, adSubCode, cause, List.of());
    }

    public DirectoryException(
            FailureCategory category,
            String message,
            String adSubCode,
            Throwable cause,
            List<CandidateOutcome> candidates) {
        super(message, cause);
        this.category = category;
        this.adSubCode = adSubCode;
        this.candidates = List.copyOf(candidates);
    }

    public DirectoryException(FailureCategory category, String message) {
        this(category, message, null, null);
    }

    public FailureCategory category() {
        return category;
    }

    /** Active Directory's "data 52e"-style sub-code, when the server sent one. */
    public String adSubCode() {
        return adSubCode;
    }

    /** When several servers were tried: what happened on each; empty otherwise. */
    public List<CandidateOutcome> candidates() {
        return candidates;
    }
}
