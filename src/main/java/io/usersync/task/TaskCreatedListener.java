package io.usersync.task;

import java.util.UUID;

/** Told when a task asking to run immediately was created; the run package queues that run. */
public interface TaskCreatedListener {
    void created(UUID taskId);
}
