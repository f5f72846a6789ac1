package io.usersync.task;

/** What a run does with a synced user that is no longer in the directory scope. */
public enum UserExtinctionHandling {
    REMOVE,
    DISABLE,
    /** Disabled when it leaves the scope, removed once it has stayed away for the task's removeAfterDays. */
    DISABLE_THEN_REMOVE,
    SKIP
}
