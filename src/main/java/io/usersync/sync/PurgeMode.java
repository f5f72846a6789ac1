package io.usersync.sync;

/** What purging a tombstone does. */
public enum PurgeMode {
    /** The row goes, with its memberships and photo. */
    DELETE,
    /**
     * The row stays under its id, for what consoles and the audit log refer to, with every personal field blanked
     * (username, names, email, phone, DN, ids, attributes, custom attributes, photo): erasure that keeps references.
     */
    ANONYMIZE
}
