package io.usersync.sync;

/**
 * The end of a run as the engine reports it: its status, the counts of what it planned or applied (null
 * when it ended before planning), a failure category and a reason for anything but a plain success, and,
 * for a blocked run, how many removals the threshold stopped.
 */
public record RunOutcome(RunEnd end, SyncCounts counts, String category, String reason, Integer wouldRemove) {

    public static RunOutcome failed(String category, String reason) {
        return new RunOutcome(RunEnd.FAILED, null, category, reason, null);
    }

    public static RunOutcome cancelled() {
        return new RunOutcome(RunEnd.CANCELLED, null, null, "cancelled; nothing was changed", null);
    }
}
