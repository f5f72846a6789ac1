package io.usersync.sync;

import io.usersync.task.Schedule;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether an INCREMENTAL run can continue from a stored watermark, and if not, why it runs full. A task
 * keeps one watermark per domain controller: AD numbers its changes (USNs) per DC, and every change a DC
 * gets by replication gets a USN of its own there. A DC's watermark is a complete starting point when the
 * store holds everything that DC had seen when it took it; after runs on another DC that is known only by
 * comparing what each DC had seen of every DC's changes ({@link ReplicationState}), and a DC that had seen
 * more than the store holds (it was ahead, the other lagged) runs full. An RFC 4533 cookie serves every
 * replica of an OpenLDAP.
 */
final class ModeDecision {
    /** Beyond this a watermark is not trusted: AD purges tombstones after 60 to 180 days, and deletions would be missed. */
    static final Duration MAX_WATERMARK_AGE = Duration.ofDays(30);

    private ModeDecision() {}

    /** What a watermark is stored under: the DC's invocationId for AD, one key for a content-sync cookie, else the server. */
    static String key(ChangeFeed feed, String server, String invocationId) {
        String k = switch (feed) {
            case CONTENT_SYNC -> "*";
            case AD_USN -> invocationId != null ? invocationId : server;
            case MODIFY_TIMESTAMP -> server;
        };
        return k.toLowerCase(Locale.ROOT);
    }

    /**
     * The task's watermark that the server reached now can continue from, or null; with the store's object
     * and membership counts, which are the newest watermark's (every complete apply writes one), not those of
     * this DC's last run.
     *
     * @param all newest first
     */
    static Watermark matching(List<Watermark> all, DirectoryPosition now) {
        String key = key(now.feed(), now.server(), now.invocationId());
        Watermark w = all.stream()
                .filter(x -> x.feed() == now.feed()
                        && key(x.feed(), x.server(), x.invocationId()).equals(key))
                .findFirst()
                .orElse(null);
        if (w == null || w == all.get(0)) {
            return w;
        }
        Watermark newest = all.get(0);
        return new Watermark(
                w.feed(),
                w.server(),
                w.invocationId(),
                w.value(),
                w.scopeHash(),
                w.fullAt(),
                w.updatedAt(),
                newest.objects(),
                newest.memberships(),
                w.seen());
    }

    /**
     * Null when the run can be incremental from {@code w}; otherwise the reason it runs full, in words.
     *
     * @param all the task's watermarks, one per server it read from
     */
    static String fullBecause(
            Watermark w,
            List<Watermark> all,
            DirectoryPosition now,
            String scopeHash,
            RunTrigger trigger,
            Schedule schedule,
            OffsetDateTime at) {
        if (all.isEmpty()) {
            return "no watermark: the task has no complete run since incremental sync was possible (first run, failed or"
                    + " partial last run, or a dry run only)";
        }
        if (w == null) {
            return noWatermarkHere(all, now);
        }
        if (!w.scopeHash().equals(scopeHash)) {
            return "the task's connection, DNs, filters or mapping changed since the watermark was taken";
        }
        Watermark newest = all.get(0);
        boolean last = key(newest.feed(), newest.server(), newest.invocationId())
                .equals(key(w.feed(), w.server(), w.invocationId()));
        if (!last && !ReplicationState.covers(newest.seen(), w.seen())) {
            // the store holds what another DC showed since; this DC may have seen changes then that the store
            // lacks and that its USNs would not show again (replication lag), or its state is unknown
            return "the last run read " + newest.server() + ", and the store may lack changes " + now.server()
                    + " had seen at its watermark (its replication state "
                    + (w.seen() == null || w.seen().isEmpty() ? "is unknown" : "is ahead of what the store holds")
                    + "): a full run reads " + now.server() + " whole";
        }
        if (w.updatedAt() != null && w.updatedAt().isBefore(at.minus(MAX_WATERMARK_AGE))) {
            return "the watermark is older than " + MAX_WATERMARK_AGE.toDays()
                    + " days; deletions may no longer be visible";
        }
        if (trigger == RunTrigger.SCHEDULE && schedule != null) {
            int hours = schedule.fullSyncIntervalHoursOrDefault();
            OffsetDateTime lastFull = all.stream()
                    .map(Watermark::fullAt)
                    .filter(Objects::nonNull)
                    .max(OffsetDateTime::compareTo)
                    .orElse(w.fullAt());
            if (lastFull.isBefore(at.minusHours(hours))) {
                return "periodic full reconciliation: the last full run was over " + hours
                        + " hours ago (schedule.fullSyncIntervalHours)";
            }
        }
        return null;
    }

    private static String noWatermarkHere(List<Watermark> all, DirectoryPosition now) {
        if (all.stream().noneMatch(w -> w.feed() == now.feed())) {
            return "the directory's change feed is now " + now.feed() + ", the watermark is a "
                    + all.get(0).feed() + " one";
        }
        if (now.feed() == ChangeFeed.AD_USN) {
            for (Watermark w : all) {
                if (w.server().equalsIgnoreCase(now.server())
                        && w.invocationId() != null
                        && now.invocationId() != null
                        && !w.invocationId().equalsIgnoreCase(now.invocationId())) {
                    return "domain controller " + now.server() + " has a new invocationId (" + now.invocationId()
                            + ", was " + w.invocationId() + "): it was restored, and its USNs may repeat";
                }
            }
            return "no watermark for domain controller " + now.server()
                    + (now.invocationId() == null ? "" : " (invocationId " + now.invocationId() + ")")
                    + " yet: USNs are per domain controller, and the task has watermarks for "
                    + String.join(
                            ", ", all.stream().map(Watermark::server).distinct().toList());
        }
        return "the watermark was issued by "
                + String.join(
                        ", ", all.stream().map(Watermark::server).distinct().toList())
                + " and this run reached " + now.server();
    }
}
