package io.usersync.api;

import jakarta.ws.rs.core.EntityTag;

/** Weak-free ETags from an entity's version column, and the If-Match check that guards updates. */
public final class ETags {
    private ETags() {}

    public static EntityTag of(long version) {
        return new EntityTag(Long.toString(version));
    }

    /**
     * @param ifMatch the raw If-Match header, or null when the client sent none (then any version goes)
     */
    public static void check(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        String current = "\"" + currentVersion + "\"";
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(current)) {
                return;
            }
        }
        throw new ProblemException(new Problem(
                412,
                "Precondition failed",
                "If-Match " + ifMatch.trim() + " does not match the current ETag " + current
                        + ": the resource was changed since you read it"));
    }
}
