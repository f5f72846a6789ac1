package io.usersync.sync;

import java.util.UUID;

/** What one run asks the engine to do: which task, in which mode, why, and with which safeguards lifted. */
public record SyncOrder(
        UUID runId, UUID taskId, RunMode mode, RunTrigger trigger, boolean dryRun, boolean allowMassDelete) {}
