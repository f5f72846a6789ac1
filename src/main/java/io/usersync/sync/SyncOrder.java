package io.usersync.sync;

import java.util.UUID;

/**
 * What one run asks the engine to do: which task, in which mode, why, and with which safeguards lifted;
 * for mode OBJECT, the object.
 */
public record SyncOrder(
        UUID runId,
        UUID taskId,
        RunMode mode,
        RunTrigger trigger,
        boolean dryRun,
        boolean allowMassDelete,
        ObjectTarget object) {
    public SyncOrder {
        if ((mode == RunMode.OBJECT) != (object != null)) {
            throw new IllegalArgumentException("a run of mode OBJECT, and only one, names its object");
        }
    }
}
