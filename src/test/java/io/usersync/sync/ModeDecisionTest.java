package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.usersync.task.Schedule;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModeDecisionTest {
    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-22T10:00:00Z");
    static final DirectoryPosition DC1 = new DirectoryPosition(
            ChangeFeed.AD_USN, "dc1.example.test", "inv-1", "5000", List.of("DC=example,DC=test"));

    static Watermark watermark(String server, String invocationId, OffsetDateTime fullAt) {
        return new Watermark(
                ChangeFeed.AD_USN, server, invocationId, "4000", "scope", fullAt, NOW.minusHours(1), 1000, null);
    }

    static String decide(Watermark w, DirectoryPosition now, RunTrigger trigger, Schedule schedule) {
        return ModeDecision.fullBecause(w, now, "scope", trigger, schedule, NOW);
    }

    @Test
    void aWatermarkFromTheSameDcAndScopeIsUsed() {
        assertNull(decide(watermark("dc1.example.test", "inv-1", NOW.minusHours(2)), DC1, RunTrigger.MANUAL, null));
    }

    @Test
    void eachReasonForAFullRunIsSaid() {
        assertTrue(decide(null, DC1, RunTrigger.MANUAL, null).startsWith("no watermark"));
        assertTrue(ModeDecision.fullBecause(
                        watermark("dc1.example.test", "inv-1", NOW), DC1, "other scope", RunTrigger.MANUAL, null, NOW)
                .contains("DNs, filters or mapping changed"));
        assertTrue(decide(watermark("dc2.example.test", "inv-1", NOW), DC1, RunTrigger.MANUAL, null)
                .contains("USNs are per domain controller"));
        assertTrue(decide(watermark("dc1.example.test", "inv-0", NOW), DC1, RunTrigger.MANUAL, null)
                .contains("invocationId"));
        DirectoryPosition contentSync =
                new DirectoryPosition(ChangeFeed.CONTENT_SYNC, "dc1.example.test", null, "c", List.of());
        assertTrue(decide(watermark("dc1.example.test", "inv-1", NOW), contentSync, RunTrigger.MANUAL, null)
                .contains("change feed"));
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
