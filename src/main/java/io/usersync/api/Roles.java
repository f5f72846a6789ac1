package io.usersync.api;

import java.util.List;
import java.util.Set;

/**
 * The three roles, each including the ones below it. Endpoints name the least role they need; an
 * identity carries its own role plus every lower one, so {@code @RolesAllowed(VIEWER)} admits all three.
 */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
    /** Lowest first. */
    public static final List<String> ALL = List.of(VIEWER, OPERATOR, ADMIN);

    private Roles() {}

    /** The role and every role it includes. */
    public static Set<String> withIncluded(String role) {
        int rank = ALL.indexOf(role);
        if (rank < 0) {
            return Set.of();
        }
        return Set.copyOf(ALL.subList(0, rank + 1));
    }

    /** The highest of the given roles, or null when none is one of ours. */
    public static String highest(Iterable<String> roles) {
        int best = -1;
        for (String r : roles) {
            best = Math.max(best, ALL.indexOf(r));
        }
        return best < 0 ? null : ALL.get(best);
    }
}
