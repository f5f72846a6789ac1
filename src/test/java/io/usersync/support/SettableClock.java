package io.usersync.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Takes the place of the system clock that schedules fire by. It keeps the system's time until a
 * test sets it, so that only a test that fires schedules itself sees time stand still.
 */
@Singleton
public class SettableClock extends Clock {
    private volatile Instant setTo;

    public void set(Instant instant) {
        setTo = instant;
    }

    /** Back to the system's time. */
    public void reset() {
        setTo = null;
    }

    @Override
    public Instant instant() {
        Instant t = setTo;
        return t == null ? Instant.now() : t;
    }

    @Override
    public ZoneId getZone() {
        return ZoneId.systemDefault();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        Instant t = setTo;
        return t == null ? Clock.system(zone) : Clock.fixed(t, zone);
    }
}
