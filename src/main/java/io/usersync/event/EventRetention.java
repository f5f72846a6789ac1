package io.usersync.event;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Purges events older than the runs' retention, oldest first in bounded batches, and raises the floor a
 * reader behind it is told about (410 with the oldest cursor). Events are kept as long as the runs that
 * made them, so a subscription that failed can be redelivered from anything a run still shows.
 */
@ApplicationScoped
public class EventRetention {
    private static final Logger LOG = Logger.getLogger(EventRetention.class);
    private static final int BATCH = 10_000;
    private static final int BATCHES_PER_TICK = 100;

    private final EntityManager em;
    private final Duration retention;

    EventRetention(EntityManager em, @ConfigProperty(name = "usersync.runs.retention") Duration retention) {
        this.em = em;
        this.retention = retention;
    }

    @Scheduled(every = "1h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        long purged = 0;
        for (int i = 0; i < BATCHES_PER_TICK; i++) {
            long n = QuarkusTransaction.requiringNew().call(this::purgeBatch);
            purged += n;
            if (n < BATCH) {
                break;
            }
        }
        if (purged > 0) {
            LOG.infof("purged %d change event(s) older than %s", purged, retention);
        }
    }

    /** One batch: the oldest events past the retention, and the floor raised to the last of them. */
    long purgeBatch() {
        Number n = (Number) em.createNativeQuery("""
                        with old as (
                            -- the oldest positions only: an index range, however many events are kept
                            select seq from (select seq, time from change_event order by seq limit ?2) o
                            where o.time < now() - make_interval(secs => ?1)),
                        gone as (delete from change_event e using old where e.seq = old.seq returning e.seq),
                        floor as (update change_event_floor set seq = greatest(seq, (select max(seq) from gone))
                                  where id = 1 and exists (select 1 from gone) returning 1)
                        select count(*) from gone""")
                .setParameter(1, (double) retention.toSeconds())
                .setParameter(2, BATCH)
                .getSingleResult();
        return n.longValue();
    }
}
