package io.usersync.sync;

/** The one object a run of mode OBJECT syncs: by DN, or by username (exactly one of them). */
public record ObjectTarget(String dn, String username) {
    public ObjectTarget {
        if ((dn == null) == (username == null)) {
            throw new IllegalArgumentException("give exactly one of dn and username");
        }
    }

    @Override
    public String toString() {
        return dn != null ? "dn " + dn : "username " + username;
    }
}
