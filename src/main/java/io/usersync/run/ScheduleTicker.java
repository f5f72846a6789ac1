package io.usersync.run;

import io.usersync.audit.Actor;
import io.usersync.audit.AuditAction;
import io.usersync.audit.AuditLog;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.usersync.task.CronSchedules;
import io.usersync.task.SyncTask;

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

    private final EntityManager em;
    private final RunWorker worker;

    private final AuditLog audit;
    private final Clock clock;

    ScheduleTicker(EntityManager em, RunWorker worker, AuditLog audit, Clock clock) {
        this.em = em;
        this.worker = worker;
        this.audit = audit;
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
        @SuppressWarnings("unchecked")
        List<SyncTask> due = em.createNativeQuery("""
                select * from sync_task where enabled and schedule is not null
                  and (schedule_checked_until is null or schedule_checked_until < ?1)
                for update skip locked""", SyncTask.class).setParameter(1, now.toOffsetDateTime()).getResultList();
        int queued = 0;
        for (SyncTask t : due) {
            // a task seen for the first time starts from now: creating a task never fires past schedules
            Optional<ZonedDateTime> fire = t.scheduleCheckedUntil == null ? Optional.empty()
                    : CronSchedules.latestFire(t.schedule, t.scheduleCheckedUntil.atZoneSameInstant(now.getZone()), now);
            if (fire.isPresent()) {
                OffsetDateTime at = fire.get().toOffsetDateTime();
                int jitter = t.schedule.jitterSeconds() == null || t.schedule.jitterSeconds() == 0 ? 0
                        : ThreadLocalRandom.current().nextInt(t.schedule.jitterSeconds() + 1);
                UUID runId = UUID.randomUUID();
                int inserted = em.createNativeQuery("""
                        insert into sync_run (id, task_id, status, trigger, fire_time, not_before, mode, counts)
                        values (?1, ?2, 'QUEUED', 'SCHEDULE', ?3, ?4, 'INCREMENTAL', '{}') on conflict do nothing""")
                        .setParameter(1, runId).setParameter(2, t.id).setParameter(3, at)
                        .setParameter(4, at.plusSeconds(jitter)).executeUpdate();
                if (inserted > 0) {
                    audit.change(Actor.SCHEDULER, AuditAction.RUN_TRIGGERED, "RUN", runId, null,
                            Map.of("taskId", t.id, "trigger", "SCHEDULE", "fireTime", at.toString()), null);
                }
                queued += inserted;
            }
            em.createNativeQuery("update sync_task set schedule_checked_until = ?1 where id = ?2")
                    .setParameter(1, now.toOffsetDateTime()).setParameter(2, t.id).executeUpdate();
        }
        return queued;
    }
}
