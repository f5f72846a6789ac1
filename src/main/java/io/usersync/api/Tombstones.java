package io.usersync.api;

import io.quarkus.security.identity.SecurityIdentity;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The API's side of removed objects: who may list them, and the 410 that tells "gone" from "never existed". */
public final class Tombstones {
    public static final String INCLUDE_REMOVED = "removed";

    private Tombstones() {}

    /**
     * Whether a list was asked to show tombstones ({@code include=removed}); only admins may.
     *
     * @throws ProblemException 400 for any other value of include
     */
    public static boolean included(String include, SecurityIdentity caller) {
        if (include == null || include.isBlank()) {
            return false;
        }
        if (!include.strip().equals(INCLUDE_REMOVED)) {
            throw ProblemException.badRequest("include", "must be 'removed' (was '" + include + "')");
        }
        if (!caller.hasRole(Roles.ADMIN)) {
            throw new ProblemException(new Problem(
                    403,
                    "Forbidden",
                    "include=removed shows removed objects to admins only; this needs the role 'admin'"));
        }
        return true;
    }

    /** 410 Gone for an object that was removed: consoles keep what they hung off its id, or let it go. */
    public static ProblemException gone(String what, UUID id, OffsetDateTime removedAt, OffsetDateTime purgedAt) {
        Problem p = new Problem(
                410,
                "Gone",
                what + " " + id + " was removed at " + removedAt
                        + (purgedAt == null
                                ? "; it comes back under this id if its directory object returns within the retention"
                                : " and purged at " + purgedAt));
        p.with("id", id);
        p.with("removedAt", removedAt);
        if (purgedAt != null) {
            p.with("purgedAt", purgedAt);
        }
        return new ProblemException(p);
    }
}
