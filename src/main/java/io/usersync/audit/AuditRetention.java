package io.usersync.audit;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Keeps the audit log bounded: refused requests from a scanner must not grow it without end. */
@ApplicationScoped
public class AuditRetention {
    private static final Logger LOG = Logger.getLogger(AuditRetention.class);
    private final EntityManager em;
    private final Duration retention;

    AuditRetention(EntityManager em, AuditConfig config) {
        this.em = em;
        this.retention = config.retention();
    }

    @Scheduled(every = "1h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        int n = em.createNativeQuery("delete from audit_event where at < now() - make_interval(secs => ?1)")
                .setParameter(1, (double) retention.toSeconds())
                .executeUpdate();
        if (n > 0) {
            LOG.infof("purged %d audit event(s) older than %s", n, retention);
        }
    }
}
