package io.usersync.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
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

    /** When a tombstone was removed, and purged (ANONYMIZE keeps the row). */
    public record Removal(OffsetDateTime removedAt, OffsetDateTime purgedAt) {}

    /** The removal of the row with this id in this table ({@code app_user} or {@code user_group}), if it is a tombstone. */
    @SuppressWarnings("unchecked")
    public static Optional<Removal> of(EntityManager em, String table, UUID id) {
        List<Object[]> rows = em.createNativeQuery(
                        "select removed_at, purged_at from " + table + " where id = ?1 and removed_at is not null")
                .setParameter(1, id)
                .getResultList();
        return rows.stream().findFirst().map(r -> new Removal(Times.offset(r[0]), Times.offset(r[1])));
    }

    /** What to answer for an id an entity lookup did not find: 410 Gone for a tombstone, else 404. */
    public static ProblemException goneOrNotFound(EntityManager em, String table, String what, UUID id) {
        return of(em, table, id).map(r -> gone(what, id, r)).orElseGet(() -> ProblemException.notFound(what, id));
    }

    /** 410 Gone for an object that was removed: consoles keep what they hung off its id, or let it go. */
    public static ProblemException gone(String what, UUID id, Removal removal) {
        OffsetDateTime removedAt = removal.removedAt();
        OffsetDateTime purgedAt = removal.purgedAt();
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
