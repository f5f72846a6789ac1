package io.usersync.sync;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.usersync.api.ProblemException;
import io.usersync.user.UserPurge;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Purges tombstones past USERSYNC_REMOVED_RETENTION in bounded batches, each its own short transaction
 * under the runs' apply lock: a run that planned to restore a tombstone sees the apply generation move
 * and plans again, rather than update a row that is gone. DELETE removes the rows; ANONYMIZE keeps each
 * id and blanks every personal field. Replicas may purge at once: a batch skips rows another one holds.
 */
@ApplicationScoped
public class TombstonePurge implements UserPurge {
    private static final Logger LOG = Logger.getLogger(TombstonePurge.class);
    private static final int BATCH = 1000;
    /** A tick purges at most this many batches of each kind; the next tick goes on. */
    private static final int BATCHES_PER_TICK = 50;

    private static final String USERS_DUE = """
            select id from app_user where removed_at is not null and purged_at is null
              and removed_at < now() - make_interval(secs => ?1)
            order by removed_at limit ?2 for update skip locked""";
    private static final String ONE_USER = """
            select id from app_user where id = ?1 and removed_at is not null and purged_at is null for update""";
    private static final String GROUPS_DUE = """
            select g.id from user_group g where g.removed_at is not null and g.purged_at is null
              and g.removed_at < now() - make_interval(secs => ?1)
              and (?3 or (not exists (select 1 from user_group c where c.parent_id = g.id)
                          and not exists (select 1 from app_user u where u.group_id = g.id)))
              and not exists (select 1 from sync_task t where t.target_group_id = g.id)
            order by g.removed_at limit ?2 for update skip locked""";

    /**
     * Each purge's event, in the purge's statement: by the retention (the object's task is the source), or
     * by a person (the actor set for the transaction, see {@link #begin}).
     */
    private static final String PURGED_EVENTS = """
            events as (insert into change_event (type, task_id, via_api, subject, actor, data)
                select '%s', d.task_id, coalesce(current_setting('usersync.actor', true), '') <> '', d.id,
                       nullif(current_setting('usersync.actor', true), ''), jsonb_build_object('id', d.id)
                from done d returning 1)""";

    private static final String DELETE_USERS = """
            with done as (delete from app_user u using (%s) b where u.id = b.id returning u.id, u.task_id),
            %s
            select count(*) from done""".formatted("%s", PURGED_EVENTS.formatted("user.purged"));
    private static final String ANONYMIZE_USERS = """
            with done as (
                update app_user u set username = '', display_name = null, email = null, phone = null, office = null,
                       job_title = null, department = null, description = null, dn = null, dn_norm = '', sid = null,
                       external_id = null, attributes = '{}', custom_attributes = '{}', photo_sha256 = null,
                       primary_group_key = null, account_expires_at = null, locked_out_at = null, source_hash = null,
                       purged_at = now(), version = u.version + 1, updated_at = now()
                from (%s) b where u.id = b.id returning u.id, u.task_id),
            %s,
            photos as (delete from user_photo f using done d where f.user_id = d.id returning 1),
            links as (delete from group_user_member l using done d where l.user_id = d.id returning 1)
            select count(*) from done""".formatted("%s", PURGED_EVENTS.formatted("user.purged"));
    private static final String DELETE_GROUPS = """
            with done as (delete from user_group g using (%s) b where g.id = b.id returning g.id, g.task_id),
            %s
            select count(*) from done""".formatted("%s", PURGED_EVENTS.formatted("group.purged"));
    private static final String ANONYMIZE_GROUPS = """
            with done as (
                update user_group g set name = '', description = null, dn = null, dn_norm = '', sid = null,
                       external_id = null, primary_key = null, source_hash = null, purged_at = now(),
                       version = g.version + 1, updated_at = now()
                from (%s) b where g.id = b.id returning g.id, g.task_id),
            %s,
            links as (delete from group_group_member l using done d where l.group_id = d.id or l.member_group_id = d.id returning 1),
            users as (delete from group_user_member l using done d where l.group_id = d.id returning 1)
            select count(*) from done""".formatted("%s", PURGED_EVENTS.formatted("group.purged"));

    private final EntityManager em;
    private final LifecycleConfig config;

    TombstonePurge(EntityManager em, LifecycleConfig config) {
        this.em = em;
        this.config = config;
    }

    @Scheduled(
            every = "${usersync.lifecycle.purge-interval}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeDue() {
        long users = 0;
        long groups = 0;
        for (int i = 0; i < BATCHES_PER_TICK; i++) {
            long[] n = QuarkusTransaction.requiringNew().call(this::purgeBatch);
            users += n[0];
            groups += n[1];
            if (n[0] < BATCH && n[1] < BATCH) {
                break;
            }
        }
        if (users + groups > 0) {
            LOG.infof(
                    "purged %d removed user(s) and %d removed group(s) older than %s (%s)",
                    users, groups, config.removedRetention(), config.purgeMode());
        }
    }

    private long[] purgeBatch() {
        if (!dueAny()) {
            return new long[] {0, 0};
        }
        lock();
        boolean anonymize = config.purgeMode() == PurgeMode.ANONYMIZE;
        double retention = config.removedRetention().toMillis() / 1000.0;
        long users = count((anonymize ? ANONYMIZE_USERS : DELETE_USERS).formatted(USERS_DUE), retention, BATCH, null);
        // groups after users: a group still home to a tombstone waits for it, unless rows stay (ANONYMIZE)
        long groups = count(
                (anonymize ? ANONYMIZE_GROUPS : DELETE_GROUPS).formatted(GROUPS_DUE), retention, BATCH, anonymize);
        if (users + groups > 0) {
            applied();
        }
        return new long[] {users, groups};
    }

    /** Whether anything is past the retention: an index probe, so that an idle tick takes no lock. */
    private boolean dueAny() {
        double retention = config.removedRetention().toMillis() / 1000.0;
        Number n = (Number) em.createNativeQuery("""
                select (exists (select 1 from app_user where removed_at is not null and purged_at is null
                                  and removed_at < now() - make_interval(secs => ?1))
                     or exists (select 1 from user_group g where g.removed_at is not null and g.purged_at is null
                                  and g.removed_at < now() - make_interval(secs => ?1)
                                  and (?2 or (not exists (select 1 from user_group c where c.parent_id = g.id)
                                              and not exists (select 1 from app_user u where u.group_id = g.id)))
                                  and not exists (select 1 from sync_task t where t.target_group_id = g.id)))::int""")
                .setParameter(1, retention)
                .setParameter(2, config.purgeMode() == PurgeMode.ANONYMIZE)
                .getSingleResult();
        return n.intValue() == 1;
    }

    @Override
    public void begin(String actor) {
        lockWithin(REQUEST_LOCK_WAIT);
        eventsLock();
        em.createNativeQuery("select set_config('usersync.actor', ?1, true)")
                .setParameter(1, actor)
                .getSingleResult();
    }

    @Override
    public boolean purgeUser(UUID id) {
        String statement =
                (config.purgeMode() == PurgeMode.ANONYMIZE ? ANONYMIZE_USERS : DELETE_USERS).formatted(ONE_USER);
        if (count(statement, id, null, null) == 0) {
            return false;
        }
        applied();
        return true;
    }

    /** How long a request to purge waits for a run's apply to end before it answers 409. */
    private static final Duration REQUEST_LOCK_WAIT = Duration.ofSeconds(10);

    private void lockWithin(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Object got = em.createNativeQuery("select pg_try_advisory_xact_lock(" + ApplyLock.KEY + ")")
                    .getSingleResult();
            if (Boolean.TRUE.equals(got)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw ProblemException.conflict(
                        "a run is applying its changes; purge again when it has finished (GET /api/v1/runs)");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ProblemException.conflict("interrupted while waiting for a run's apply to end");
            }
        }
    }

    private long count(String sql, Object first, Object second, Object third) {
        var q = em.createNativeQuery(sql).setParameter(1, first);
        if (second != null) {
            q.setParameter(2, second);
        }
        if (third != null) {
            q.setParameter(3, third);
        }
        return ((Number) q.getSingleResult()).longValue();
    }

    /** The apply lock, then the events lock (the order a run's apply takes them in), before any row changes. */
    private void lock() {
        em.createNativeQuery("select pg_advisory_xact_lock(" + ApplyLock.KEY + ")")
                .getSingleResult();
        eventsLock();
    }

    private void eventsLock() {
        em.createNativeQuery("select usersync_events_lock()").getSingleResult();
    }

    /** Counts as an apply: a run that planned before this purge plans again under the lock. */
    private void applied() {
        em.createNativeQuery("update sync_apply_generation set n = n + 1 where id = 1")
                .executeUpdate();
    }
}
