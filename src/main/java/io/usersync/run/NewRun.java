package io.usersync.run;

import io.usersync.sync.ObjectTarget;
import io.usersync.sync.RunMode;
import io.usersync.sync.RunTrigger;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A run to queue, whoever asks for it. A scheduled one carries its cron fire time (unique per task, so a
 * fire queues one run however many replicas tick) and the time it may start after its jitter.
 */
record NewRun(
        UUID taskId,
        RunTrigger trigger,
        RunMode mode,
        boolean dryRun,
        boolean allowMassDelete,
        OffsetDateTime fireTime,
        OffsetDateTime notBefore,
        ObjectTarget object) {

    static NewRun requested(UUID taskId, RunRequest request, RunTrigger trigger) {
        return new NewRun(
                taskId,
                trigger,
                request == null ? RunMode.FULL : request.modeOrDefault(),
                request != null && Boolean.TRUE.equals(request.dryRun()),
                request != null && Boolean.TRUE.equals(request.allowMassDelete()),
                null,
                null,
                null);
    }

    static NewRun object(UUID taskId, ObjectTarget object, boolean dryRun, boolean allowMassDelete) {
        return new NewRun(taskId, RunTrigger.MANUAL, RunMode.OBJECT, dryRun, allowMassDelete, null, null, object);
    }

    static NewRun scheduled(UUID taskId, OffsetDateTime fireTime, int jitterSeconds) {
        return new NewRun(
                taskId,
                RunTrigger.SCHEDULE,
                RunMode.INCREMENTAL,
                false,
                false,
                fireTime,
                fireTime.plusSeconds(jitterSeconds),
                null);
    }

    /** What the audit log records of it. */
    Map<String, Object> audited() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("taskId", taskId);
        m.put("trigger", trigger.name());
        m.put("dryRun", dryRun);
        m.put("allowMassDelete", allowMassDelete);
        m.put("mode", mode.name());
        if (object != null) {
            m.put("object", object.toString());
        }
        if (fireTime != null) {
            m.put("fireTime", fireTime.toString());
        }
        return m;
    }
}
