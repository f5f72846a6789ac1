package io.usersync.task;

/** What a run does with a synced group that is no longer in the directory scope. */
public enum GroupExtinctionHandling {
    REMOVE,
    SKIP
}
