package io.usersync.sync;

public enum RunTrigger {
    MANUAL,
    SCHEDULE,
    CREATE
}
