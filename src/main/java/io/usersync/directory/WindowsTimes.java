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
        return t.atOffset(ZoneOffset.UTC);
    }
}
