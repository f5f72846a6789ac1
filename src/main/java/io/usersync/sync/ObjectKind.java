package io.usersync.sync;

/** The three kinds of directory object a task syncs, as the plan tells them apart. */
enum ObjectKind {
    CONTAINER,
    USER,
    GROUP
}
