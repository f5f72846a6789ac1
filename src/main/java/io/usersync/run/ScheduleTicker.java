package io.usersync.run;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.usersync.audit.Actor;
import io.usersync.task.CronSchedules;
import io.usersync.task.SyncTask;
import io.usersync.task.SyncTaskService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Turns task schedules into queued runs, on every replica, every tick. Each task row is locked
 * (FOR UPDATE SKIP LOCKED) while its schedule is looked at, and a run carries its cron fire time
 * under a unique key, so a fire makes one run however many replicas tick. A fire that finds the task
 * with a run queued or running coalesces into it. Changes to tasks count from the next tick.
 * <p>
 * "Now" is the injected {@link Clock}'s, for both which tasks are due and which fire is the latest.
 */
@ApplicationScoped
public class ScheduleTicker {
    private static final Logger LOG = Logger.getLogger(ScheduleTicker.class);

    private final SyncTaskService tasks;
    private final RunService runs;
    private final RunWorker worker;
    private final Clock clock;

    ScheduleTicker(SyncTaskService tasks, RunService runs, RunWorker worker, Clock clock) {
        this.tasks = tasks;
        this.runs = runs;
        this.worker = worker;
        this.clock = clock;
    }

    @Scheduled(every = "${usersync.runs.tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledTick() {
        tick();
    }

    /** Queues the latest fire of every due schedule up to the clock's now, and wakes the worker for it. */
    void tick() {
        if (worker.stopping()) {
            return;
        }
        int queued;
        try {
            queued = QuarkusTransaction.requiringNew().call(this::fireDue);
        } catch (RuntimeException e) {
            LOG.warnf("schedule tick failed: %s", e.getMessage());
            return;
        }
        if (queued > 0) {
            worker.wakeUp();
        }
    }

    int fireDue() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        List<SyncTask> due = tasks.lockDueSchedules(now.toOffsetDateTime());
        int queued = 0;
        for (SyncTask t : due) {
            // a task seen for the first time starts from now: creating a task never fires past schedules
            Optional<ZonedDateTime> fire = t.scheduleCheckedUntil == null
                    ? Optional.empty()
                    : CronSchedules.latestFire(
                            t.schedule, t.scheduleCheckedUntil.atZoneSameInstant(now.getZone()), now);
            if (fire.isPresent()) {
                OffsetDateTime at = fire.get().toOffsetDateTime();
                int jitter = t.schedule.jitterSeconds() == null || t.schedule.jitterSeconds() == 0
                        ? 0
                        : ThreadLocalRandom.current().nextInt(t.schedule.jitterSeconds() + 1);
                if (runs.queue(NewRun.scheduled(t.id, at, jitter), Actor.SCHEDULER)
                        .isPresent()) {
                    queued++;
                }
            }
            tasks.scheduleChecked(t.id, now.toOffsetDateTime());
        }
        return queued;
    }
}
