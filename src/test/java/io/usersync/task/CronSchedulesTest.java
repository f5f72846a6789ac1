package io.usersync.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronSchedulesTest {
    static final ZonedDateTime T0 = ZonedDateTime.parse("2026-11-22T00:00:30Z");

    @Test
    void missedFiresRunOnceForTheLatest() {
        Schedule hourly = new Schedule("0 0 * * * ?", "UTC", null, null, null, null);
        // every replica was down from 00:00:30 to 05:10: five fires missed, one run, for 05:00
        var fire = CronSchedules.latestFire(hourly, T0, T0.plusHours(5).plusMinutes(10));
        assertEquals(
                ZonedDateTime.parse("2026-11-22T05:00Z").toInstant(),
                fire.orElseThrow().toInstant());
        assertTrue(CronSchedules.latestFire(hourly, T0, T0.plusMinutes(10)).isEmpty(), "no fire in the window");
    }

    @Test
    void timeZoneAndValidityWindowApply() {
        Schedule twoAmBratislava = new Schedule("0 0 2 * * ?", "Europe/Bratislava", null, null, null, null);
        var fire = CronSchedules.latestFire(twoAmBratislava, T0, T0.plusDays(1));
        assertEquals(
                ZonedDateTime.parse("2026-11-22T01:00Z").toInstant(),
                fire.orElseThrow().toInstant(),
                "02:00 CET is 01:00 UTC");

        Schedule ended =
                new Schedule("0 0 * * * ?", "UTC", null, null, OffsetDateTime.parse("2026-11-22T02:30Z"), null);
        assertEquals(
                ZonedDateTime.parse("2026-11-22T02:00Z").toInstant(),
                CronSchedules.latestFire(ended, T0, T0.plusHours(6))
                        .orElseThrow()
                        .toInstant());
        Schedule notYet =
                new Schedule("0 0 * * * ?", "UTC", null, OffsetDateTime.parse("2026-11-23T00:00Z"), null, null);
        assertTrue(CronSchedules.latestFire(notYet, T0, T0.plusHours(6)).isEmpty());
        assertTrue(CronSchedules.nextFire(notYet, T0)
                .orElseThrow()
                .toOffsetDateTime()
                .isAfter(OffsetDateTime.parse("2026-11-22T23:59Z")));
    }
}
