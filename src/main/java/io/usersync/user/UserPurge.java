package io.usersync.user;

import java.util.UUID;

/** Purges one removed user now, as the retention would (USERSYNC_PURGE_MODE); the engine implements it under its apply lock. */
public interface UserPurge {
    void purgeUser(UUID id);
}
