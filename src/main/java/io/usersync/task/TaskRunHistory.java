package io.usersync.task;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/** The latest run of each task, as the run package records them; tasks show it without reading its tables. */
public interface TaskRunHistory {
    Map<UUID, SyncTaskDto.LastRun> lastRuns(Collection<UUID> taskIds);
}
