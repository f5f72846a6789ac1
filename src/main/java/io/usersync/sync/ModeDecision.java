package io.usersync.sync;

import io.usersync.task.Schedule;
import java.time.Duration;
import java.time.OffsetDateTime;

/** Whether an INCREMENTAL run can continue from the stored watermark, and if not, why it runs full. */
final class ModeDecision {
    /** Beyond this a watermark is not trusted: AD purges tombstones after 60 to 180 days, and deletions would be missed. */
    static final Duration MAX_WATERMARK_AGE = Duration.ofDays(30);

    private ModeDecision() {}

    /** Null when the run can be incremental; otherwise the reason it runs full, in words. */
    static String fullBecause(
            Watermark w,
            DirectoryPosition now,
            String scopeHash,
            RunTrigger trigger,
            Schedule schedule,
            OffsetDateTime at) {
        if (w == null) {
            return "no watermark: the task has no complete run since incremental sync was possible (first run, failed or"
                    + " partial last run, or a dry run only)";
        }
        if (!w.scopeHash().equals(scopeHash)) {
            return "the task's connection, DNs, filters or mapping changed since the watermark was taken";
        }
        if (w.feed() != now.feed()) {
            return "the directory's change feed is now " + now.feed() + ", the watermark is a " + w.feed() + " one";
        }
        if (!w.server().equalsIgnoreCase(now.server())) {
            return "the watermark was issued by " + w.server() + " and this run reached " + now.server()
                    + (now.feed() == ChangeFeed.AD_USN ? ": USNs are per domain controller" : "");
        }
        if (w.invocationId() != null && !w.invocationId().equalsIgnoreCase(String.valueOf(now.invocationId()))) {
            return "domain controller " + now.server() + " has a new invocationId (" + now.invocationId() + ", was "
                    + w.invocationId() + "): it was restored, and its USNs may repeat";
        }
        if (w.updatedAt() != null && w.updatedAt().isBefore(at.minus(MAX_WATERMARK_AGE))) {
            return "the watermark is older than " + MAX_WATERMARK_AGE.toDays()
                    + " days; deletions may no longer be visible";
        }
        if (trigger == RunTrigger.SCHEDULE && schedule != null) {
            int hours = schedule.fullSyncIntervalHoursOrDefault();
            if (w.fullAt().isBefore(at.minusHours(hours))) {
                return "periodic full reconciliation: the last full run was over " + hours
                        + " hours ago (schedule.fullSyncIntervalHours)";
            }
        }
        return null;
    }
}
