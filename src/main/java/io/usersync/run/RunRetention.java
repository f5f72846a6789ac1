package io.usersync.run;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Purges ended runs (and, by cascade, their change records) past the retention, keeping each task's latest. */
@ApplicationScoped
public class RunRetention {
    private static final Logger LOG = Logger.getLogger(RunRetention.class);

    private final EntityManager em;
    private final Duration retention;
    private final int keepPerTask;

    RunRetention(EntityManager em, RunsConfig config) {
        this.em = em;
        this.retention = config.retention();
        this.keepPerTask = config.keepPerTask();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        purge();
    }

    @Transactional
    public int purge() {
        int n = em.createNativeQuery("""
                delete from sync_run r
                where r.status not in ('QUEUED', 'RUNNING') and r.finished_at < now() - make_interval(secs => ?1)
                  and r.id not in (select id from (select id, row_number() over (partition by task_id order by queued_at desc) as n
                                                   from sync_run) latest where latest.n <= ?2)""")
                .setParameter(1, (double) retention.toSeconds())
                .setParameter(2, keepPerTask)
                .executeUpdate();
        if (n > 0) {
            LOG.infof("purged %d run(s) older than %s", n, retention);
        }
        return n;
    }
}
