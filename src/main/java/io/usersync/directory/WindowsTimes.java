package io.usersync.directory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Active Directory's times: FILETIME integers (100-nanosecond intervals since 1601-01-01 UTC) in
 * accountExpires, lockoutTime, pwdLastSet and lastLogonTimestamp.
 */
public final class WindowsTimes {
    /** 1601-01-01T00:00:00Z in seconds of the Unix epoch. */
    private static final long EPOCH_1601 = -11_644_473_600L;
    /** Past the year 9999 no store or client reads a time: such values stand for "never" too. */
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    private WindowsTimes() {}

    /** The time a FILETIME value stands for; null for 0 and for the largest value, which AD uses for "never". */
    public static OffsetDateTime fileTime(String value) {
        if (value == null) {
            return null;
        }
        long ticks;
        try {
            ticks = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (ticks <= 0 || ticks == Long.MAX_VALUE) {
            return null;
        }
        Instant t = Instant.ofEpochSecond(EPOCH_1601 + ticks / 10_000_000, (ticks % 10_000_000) * 100);
        return t.isAfter(LAST) ? null : t.atOffset(ZoneOffset.UTC);
    }
}
