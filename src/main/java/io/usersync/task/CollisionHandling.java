package io.usersync.task;

/** What a run does with an object it does not own that has the same SID, or the same username in the same group. */
public enum CollisionHandling {
    SKIP,
    OVERWRITE
}
