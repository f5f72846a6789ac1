package io.usersync.task;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.usersync.api.FieldErrors;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/** Parses Quartz cron expressions the way quarkus-scheduler does (cron-utils, Quartz definition). */
public final class CronSchedules {
    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private CronSchedules() {}

    public static void validate(Schedule s, FieldErrors errors) {
        if (s == null) {
            return;
        }
        if (s.cron() != null && !s.cron().isBlank()) {
            try {
                PARSER.parse(s.cron()).validate();
            } catch (IllegalArgumentException e) {
                errors.add(
                        "schedule.cron",
                        "'" + s.cron()
                                + "' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year]): "
                                + e.getMessage());
            }
        }
        if (s.timezone() != null) {
            try {
                ZoneId.of(s.timezone());
            } catch (DateTimeException e) {
                errors.add(
                        "schedule.timezone",
                        "'" + s.timezone() + "' is not a known time zone; use an IANA name such as Europe/Bratislava");
            }
        }
        if (s.notBefore() != null && s.notAfter() != null && !s.notBefore().isBefore(s.notAfter())) {
            errors.add("schedule.notAfter", "must be after notBefore");
        }
    }

    /** The next fire strictly after {@code after}, inside the validity window, if any. */
    public static Optional<ZonedDateTime> nextFire(Schedule s, ZonedDateTime after) {
        ZoneId zone = s.timezone() == null ? ZoneOffset.UTC : ZoneId.of(s.timezone());
        ZonedDateTime from = after.withZoneSameInstant(zone);
        if (s.notBefore() != null && from.toOffsetDateTime().isBefore(s.notBefore())) {
            from = s.notBefore().atZoneSameInstant(zone).minusSeconds(1);
        }
        Optional<ZonedDateTime> next =
                ExecutionTime.forCron(PARSER.parse(s.cron())).nextExecution(from);
        return next.filter(t -> s.notAfter() == null || !t.toOffsetDateTime().isAfter(s.notAfter()));
    }

    /**
     * The latest fire in (after, upTo], inside the validity window, if any: a schedule that missed
     * several fires (every replica down) runs once for the latest, not once per missed fire.
     */
    public static Optional<ZonedDateTime> latestFire(Schedule s, ZonedDateTime after, ZonedDateTime upTo) {
        ZoneId zone = s.timezone() == null ? ZoneOffset.UTC : ZoneId.of(s.timezone());
        ZonedDateTime end = upTo.withZoneSameInstant(zone);
        if (s.notAfter() != null && end.toOffsetDateTime().isAfter(s.notAfter())) {
            end = s.notAfter().atZoneSameInstant(zone);
        }
        // lastExecution is strictly before its argument; a fire exactly at the end counts
        Optional<ZonedDateTime> last =
                ExecutionTime.forCron(PARSER.parse(s.cron())).lastExecution(end.plusNanos(1));
        return last.filter(t -> t.isAfter(after))
                .filter(t -> s.notBefore() == null || !t.toOffsetDateTime().isBefore(s.notBefore()));
    }
}
