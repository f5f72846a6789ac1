package io.usersync.task;

/** What a run does with a synced user that is no longer in the directory scope. */
public enum UserExtinctionHandling {
    REMOVE,
    DISABLE,
    SKIP
}
