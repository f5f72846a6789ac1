package io.usersync.user;

import java.util.UUID;

/** Purges one removed user now, as the retention would (USERSYNC_PURGE_MODE); the engine implements it under its apply lock. */
public interface UserPurge {
    /** False when there was nothing to purge: a run restored it meanwhile. */
    boolean purgeUser(UUID id);
}
