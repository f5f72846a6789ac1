package io.usersync.run;

public enum RunTrigger {
    MANUAL, SCHEDULE, CREATE
}
