package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.usersync.task.Schedule;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModeDecisionTest {
    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-22T10:00:00Z");
    static final DirectoryPosition DC1 = new DirectoryPosition(
            ChangeFeed.AD_USN, "dc1.example.test", "inv-1", "5000", List.of("DC=example,DC=test"));
    static final DirectoryPosition DC2 =
            new DirectoryPosition(ChangeFeed.AD_USN, "dc2.example.test", "inv-2", "900", List.of("DC=example,DC=test"));

    static Watermark watermark(String server, String invocationId, OffsetDateTime fullAt) {
        return new Watermark(
                ChangeFeed.AD_USN, server, invocationId, "4000", "scope", fullAt, NOW.minusHours(1), 1000, null);
    }

    static String decide(List<Watermark> all, DirectoryPosition now, RunTrigger trigger, Schedule schedule) {
        return ModeDecision.fullBecause(ModeDecision.matching(all, now), all, now, "scope", trigger, schedule, NOW);
    }

    static String decide(Watermark w, DirectoryPosition now, RunTrigger trigger, Schedule schedule) {
        return decide(List.of(w), now, trigger, schedule);
    }

    @Test
    void aWatermarkFromTheSameDcAndScopeIsUsed() {
        assertNull(decide(watermark("dc1.example.test", "inv-1", NOW.minusHours(2)), DC1, RunTrigger.MANUAL, null));
    }

    @Test
    void eachDomainControllerContinuesFromItsOwnWatermark() {
        Watermark dc1 = watermark("dc1.example.test", "inv-1", NOW.minusHours(2));
        Watermark dc2 = watermark("dc2.example.test", "inv-2", NOW.minusHours(5));
        List<Watermark> both = List.of(dc1, dc2);
        assertSame(dc1, ModeDecision.matching(both, DC1));
        assertSame(dc2, ModeDecision.matching(both, DC2));
        assertNull(decide(both, DC1, RunTrigger.MANUAL, null));
        assertNull(decide(both, DC2, RunTrigger.MANUAL, null));
        // a DC with no watermark of its own runs full, and says so
        String reason = decide(List.of(dc1), DC2, RunTrigger.MANUAL, null);
        assertTrue(reason.startsWith("no watermark for domain controller dc2.example.test"), reason);
        assertTrue(reason.contains("USNs are per domain controller"), reason);
        // the invocationId is the key: a renamed DC keeps its watermark
        DirectoryPosition renamed =
                new DirectoryPosition(ChangeFeed.AD_USN, "dc9.example.test", "inv-1", "5000", List.of());
        assertSame(dc1, ModeDecision.matching(both, renamed));
    }

    @Test
    void periodicReconciliationCountsTheTasksLastFullRunOnAnyDc() {
        Schedule sixHours = new Schedule("0 0 * * * ?", "UTC", null, null, null, 6);
        List<Watermark> both = List.of(
                watermark("dc1.example.test", "inv-1", NOW.minusHours(1)),
                watermark("dc2.example.test", "inv-2", NOW.minusHours(9)));
        assertNull(decide(both, DC2, RunTrigger.SCHEDULE, sixHours));
    }

    @Test
    void oneContentSyncCookieServesEveryProvider() {
        Watermark cookie = new Watermark(
                ChangeFeed.CONTENT_SYNC,
                "127.0.0.1:3389",
                null,
                "rid=000,csn=x",
                "scope",
                NOW.minusHours(1),
                NOW.minusHours(1),
                10,
                null);
        DirectoryPosition second =
                new DirectoryPosition(ChangeFeed.CONTENT_SYNC, "127.0.0.1:4389", null, "y", List.of());
        assertSame(cookie, ModeDecision.matching(List.of(cookie), second));
        assertNull(decide(cookie, second, RunTrigger.MANUAL, null));
        assertEquals("*", ModeDecision.key(ChangeFeed.CONTENT_SYNC, "a:1", null));
    }

    @Test
    void eachReasonForAFullRunIsSaid() {
        assertTrue(decide(List.of(), DC1, RunTrigger.MANUAL, null).startsWith("no watermark"));
        Watermark same = watermark("dc1.example.test", "inv-1", NOW);
        assertTrue(ModeDecision.fullBecause(same, List.of(same), DC1, "other scope", RunTrigger.MANUAL, null, NOW)
                .contains("DNs, filters or mapping changed"));
        assertTrue(decide(watermark("dc2.example.test", "inv-9", NOW), DC1, RunTrigger.MANUAL, null)
                .contains("USNs are per domain controller"));
        assertTrue(decide(watermark("dc1.example.test", "inv-0", NOW), DC1, RunTrigger.MANUAL, null)
                .contains("new invocationId"));
        DirectoryPosition contentSync =
                new DirectoryPosition(ChangeFeed.CONTENT_SYNC, "dc1.example.test", null, "c", List.of());
        assertTrue(decide(watermark("dc1.example.test", "inv-1", NOW), contentSync, RunTrigger.MANUAL, null)
                .contains("change feed"));
        DirectoryPosition byTime =
                new DirectoryPosition(ChangeFeed.MODIFY_TIMESTAMP, "b:389", null, "20261122100000Z", List.of());
        Watermark otherServer = new Watermark(
                ChangeFeed.MODIFY_TIMESTAMP, "a:389", null, "20261122090000Z", "scope", NOW, NOW, 10, null);
        assertTrue(decide(otherServer, byTime, RunTrigger.MANUAL, null).contains("issued by a:389"));
        Watermark old = new Watermark(
                ChangeFeed.AD_USN,
                "dc1.example.test",
                "inv-1",
                "1",
                "scope",
                NOW.minusDays(40),
                NOW.minusDays(40),
                1000,
                null);
        assertTrue(decide(old, DC1, RunTrigger.MANUAL, null).contains("older than 30 days"));
    }

    @Test
    void scheduledRunsReconcileFullyAtTheirInterval() {
        Schedule daily = new Schedule("0 0 * * * ?", "UTC", null, null, null, null);
        Schedule sixHours = new Schedule("0 0 * * * ?", "UTC", null, null, null, 6);
        Watermark fullSevenHoursAgo = watermark("dc1.example.test", "inv-1", NOW.minusHours(7));
        assertNull(decide(fullSevenHoursAgo, DC1, RunTrigger.SCHEDULE, daily));
        assertTrue(decide(fullSevenHoursAgo, DC1, RunTrigger.SCHEDULE, sixHours)
                .startsWith("periodic full reconciliation"));
        // a manual incremental run is what was asked for, whatever the schedule says
        assertNull(decide(fullSevenHoursAgo, DC1, RunTrigger.MANUAL, sixHours));
        assertTrue(decide(watermark("dc1.example.test", "inv-1", NOW.minusHours(25)), DC1, RunTrigger.SCHEDULE, daily)
                .contains("24 hours"));
    }
}
