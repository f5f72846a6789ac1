package io.usersync.webhook;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Purges delivery records older than the runs' retention (USERSYNC_RUN_RETENTION). */
@ApplicationScoped
public class WebhookRetention {
    private static final Logger LOG = Logger.getLogger(WebhookRetention.class);

    private final EntityManager em;
    private final Duration retention;

    WebhookRetention(EntityManager em, @ConfigProperty(name = "usersync.runs.retention") Duration retention) {
        this.em = em;
        this.retention = retention;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        purge();
    }

    @Transactional
    public int purge() {
        int n = em.createNativeQuery(
                        "delete from webhook_delivery where attempted_at < now() - make_interval(secs => ?1)")
                .setParameter(1, (double) retention.toSeconds())
                .executeUpdate();
        if (n > 0) {
            LOG.infof("purged %d webhook delivery record(s) older than %s", n, retention);
        }
        return n;
    }
}
