package io.usersync.user;

import java.util.UUID;

/** Purges one removed user now, as the retention would (USERSYNC_PURGE_MODE); the engine implements it under its apply lock. */
public interface UserPurge {
    /**
     * Opens a purge in this transaction, before any row changes: the run's apply lock, then the events lock
     * (a run's order), and the actor its events name. Answers 409 when a run's apply holds the lock too long.
     */
    void begin(String actor);

    /** False when there was nothing to purge: a run restored it meanwhile. */
    boolean purgeUser(UUID id);
}
