package io.usersync.directory;

/** A directory operation failed; {@link #category} says why in a way a console can show. */
public class DirectoryException extends Exception {
    private final FailureCategory category;
    private final String adSubCode;

    public DirectoryException(FailureCategory category, String message, String adSubCode, Throwable cause) {
        super(message, cause);
        this.category = category;
        this.adSubCode = adSubCode;
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
}
