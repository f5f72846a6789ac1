package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.usersync.task.Schedule;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
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
        Map<String, Long> state = Map.of("inv-1", 5000L, "inv-2", 900L);
        Watermark dc1 = seen("dc1.example.test", "inv-1", 10, state);
        Watermark dc2 = seen("dc2.example.test", "inv-2", 10, state);
        List<Watermark> both = List.of(dc1, dc2);
        assertSame(dc1, ModeDecision.matching(both, DC1));
        assertEquals("inv-2", ModeDecision.matching(both, DC2).invocationId());
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
        assertTrue(decide(List.of(dc1), DC2, RunTrigger.MANUAL, null).contains("dc1.example.test"));
    }

    static Watermark seen(String server, String invocationId, long objects, Map<String, Long> seen) {
        return new Watermark(
                ChangeFeed.AD_USN,
                server,
                invocationId,
                "4000",
                "scope",
                NOW.minusHours(2),
                NOW.minusHours(1),
                objects,
                null,
                seen);
    }

    @Test
    void anotherDcsWatermarkServesOnlyWhenTheStoreHoldsAllThatDcHadSeen() {
        // the last run read dc1, which had seen dc2's changes up to 900; dc2's watermark was taken at 800
        Watermark newest = seen("dc1.example.test", "inv-1", 100, Map.of("inv-1", 5000L, "inv-2", 900L));
        Watermark dc2 = seen("dc2.example.test", "inv-2", 10_000, Map.of("inv-1", 4000L, "inv-2", 800L));
        List<Watermark> all = List.of(newest, dc2);
        assertNull(decide(all, DC2, RunTrigger.MANUAL, null));
        // the store's counts are the last run's, not those dc2's watermark recorded
        assertEquals(100, ModeDecision.matching(all, DC2).objects());

        // dc2 had seen dc1's changes up to 6000, the store only up to 5000: dc2's USNs would not show them again
        Watermark ahead = seen("dc2.example.test", "inv-2", 10_000, Map.of("inv-1", 6000L, "inv-2", 800L));
        String reason = decide(List.of(newest, ahead), DC2, RunTrigger.MANUAL, null);
        assertTrue(reason.contains("the store may lack changes dc2.example.test had seen"), reason);

        // a watermark whose DC's replication state is unknown serves only when it is the last run's
        Watermark unknown = watermark("dc2.example.test", "inv-2", NOW.minusHours(5));
        assertTrue(
                decide(List.of(newest, unknown), DC2, RunTrigger.MANUAL, null).contains("is unknown"));
        assertNull(decide(List.of(unknown, newest), DC2, RunTrigger.MANUAL, null));
    }

    @Test
    void replicationStateIsReadFromTheUpToDateVector() {
        // version 2, two cursors: a GUID, a USN and a time each
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 + 2 * 32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(2).putInt(0).putInt(2).putInt(0);
        byte[] g1 = new byte[16];
        g1[0] = 1;
        byte[] g2 = new byte[16];
        g2[0] = 2;
        b.put(g1).putLong(4711).putLong(0);
        b.put(g2).putLong(42).putLong(0);
        Map<String, Long> parsed = ReplicationState.parse(b.array());
        assertEquals(2, parsed.size());
        assertTrue(parsed.containsValue(4711L) && parsed.containsValue(42L), parsed.toString());
        assertTrue(ReplicationState.parse(new byte[] {2, 0, 0, 0}).isEmpty());
        assertTrue(ReplicationState.covers(Map.of("a", 5L, "b", 3L), Map.of("a", 5L)));
        assertFalse(ReplicationState.covers(Map.of("a", 5L), Map.of("a", 5L, "b", 1L)));
        assertFalse(ReplicationState.covers(Map.of("a", 5L), Map.of()));
    }

    @Test
    void periodicReconciliationCountsTheTasksLastFullRunOnAnyDc() {
        Schedule sixHours = new Schedule("0 0 * * * ?", "UTC", null, null, null, 6);
        Map<String, Long> state = Map.of("inv-1", 5000L, "inv-2", 900L);
        Watermark dc1 = new Watermark(
                ChangeFeed.AD_USN,
                "dc1.example.test",
                "inv-1",
                "5000",
                "scope",
                NOW.minusHours(1),
                NOW,
                10,
                null,
                state);
        Watermark dc2 = new Watermark(
                ChangeFeed.AD_USN,
                "dc2.example.test",
                "inv-2",
                "900",
                "scope",
                NOW.minusHours(9),
                NOW.minusHours(9),
                10,
                null,
                state);
        assertNull(decide(List.of(dc1, dc2), DC2, RunTrigger.SCHEDULE, sixHours));
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
