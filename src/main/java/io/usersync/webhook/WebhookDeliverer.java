package io.usersync.webhook;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.usersync.api.FieldErrors;
import io.usersync.api.InstanceName;
import io.usersync.event.EventFilter;
import io.usersync.event.EventStream;
import io.usersync.security.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers subscriptions on every instance. Each tick claims due subscriptions that have events past their
 * cursor under a lease ({@code FOR UPDATE SKIP LOCKED}, so instances never claim the same one), and a small pool
 * delivers them in parallel: read a batch after the cursor, POST it, and only after a 2xx move the cursor, fenced
 * by the lease (an instance that lost its lease stops). A process killed mid-batch loses nothing: its lease
 * expires and another instance sends the same batch again, with the same message and event ids.
 */
@ApplicationScoped
public class WebhookDeliverer {
    private static final Logger LOG = Logger.getLogger(WebhookDeliverer.class);

    private static final String CLAIM = """
            update webhook_subscription s set lease_owner = ?, lease_expires_at = now() + make_interval(secs => ?)
            where s.id in (select id from webhook_subscription
                           where enabled and status = 'ACTIVE' and (next_attempt_at is null or next_attempt_at <= now())
                             and (lease_owner is null or lease_expires_at < now())
                             and id <> all (?::uuid[])
                             and cursor < coalesce((select max(seq) from change_event), 0)
                           order by next_attempt_at nulls first, id limit ? for update skip locked)
            returning s.id, s.url, s.events, s.task_ids, s.secret_encrypted, s.cursor, s.attempts""";

    private static final String DELIVERED = """
            with u as (
                update webhook_subscription set cursor = ?, attempts = 0, failing_since = null, next_attempt_at = null,
                       last_error = null,
                       lease_owner = case when ? then null else lease_owner end,
                       lease_expires_at = case when ? then null else now() + make_interval(secs => ?) end
                where id = ? and lease_owner = ? returning id),
            d as (insert into webhook_delivery (subscription_id, kind, first_event_id, last_event_id, event_count,
                                                http_status, latency_ms, instance)
                  values (?, 'EVENTS', ?, ?, ?, ?, ?, ?))
            select count(*) from u""";

    private static final String FAILED = """
            with u as (
                update webhook_subscription set attempts = ?, failing_since = coalesce(failing_since, now()),
                       -- never later than the end of the retry period: a long Retry-After does not park it unseen
                       next_attempt_at = least(now() + make_interval(secs => ?),
                                               coalesce(failing_since, now()) + make_interval(secs => ?)),
                       last_error = ?,
                       status = case when failing_since <= now() - make_interval(secs => ?) then 'FAILING' else status end,
                       lease_owner = null, lease_expires_at = null
                where id = ? and lease_owner = ? returning status),
            d as (insert into webhook_delivery (subscription_id, kind, first_event_id, last_event_id, event_count,
                                                http_status, latency_ms, error, instance)
                  values (?, 'EVENTS', ?, ?, ?, ?, ?, ?, ?))
            select status from u""";

    private static final String PASSED_OVER = """
            update webhook_subscription set cursor = ?, lease_owner = null, lease_expires_at = null
            where id = ? and lease_owner = ?""";

    private final AgroalDataSource dataSource;
    private final SecretCipher cipher;
    private final WebhookSender sender;
    private final WebhookConfig config;
    private final String instance;
    private final ExecutorService pool;
    /**
     * Subscriptions this instance holds a lease on, each with its claim's own lease owner (the instance and a
     * token): renewed each tick. A claim's writes are fenced by its token, so a worker whose subscription was
     * changed, redelivered or claimed again meanwhile writes nothing.
     */
    private final Map<UUID, String> held = new ConcurrentHashMap<>();

    private volatile boolean stopping;

    WebhookDeliverer(
            AgroalDataSource dataSource,
            SecretCipher cipher,
            WebhookSender sender,
            WebhookConfig config,
            InstanceName instance) {
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.sender = sender;
        this.config = config;
        this.instance = instance.value();
        this.pool = Executors.newFixedThreadPool(Math.max(1, config.workers()), r -> {
            Thread t = new Thread(r, "usersync-webhook");
            t.setDaemon(true);
            return t;
        });
    }

    /** The name this instance's leases and deliveries carry. */
    String instance() {
        return instance;
    }

    /** A claimed subscription, as the claim read it. */
    record Claim(
            UUID id,
            URI url,
            List<String> events,
            List<UUID> taskIds,
            byte[] secret,
            long cursor,
            int attempts,
            String owner) {}

    @Scheduled(every = "${usersync.webhook.tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (stopping) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            renewLeases(c);
            int free = Math.max(1, config.workers()) - held.size();
            if (free > 0) {
                for (Claim claim : claim(c, free)) {
                    held.put(claim.id(), claim.owner());
                    pool.execute(() -> deliver(claim));
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("webhook delivery tick failed: %s", e.getMessage());
        }
    }

    private void renewLeases(Connection c) throws SQLException {
        if (held.isEmpty()) {
            return;
        }
        List<UUID> ids = new ArrayList<>(held.keySet());
        List<String> owners = ids.stream().map(held::get).toList();
        try (PreparedStatement s = c.prepareStatement(
                "update webhook_subscription s set lease_expires_at = now() + make_interval(secs => ?)"
                        + " from unnest(?::uuid[], ?::text[]) h(id, owner)"
                        + " where s.id = h.id and s.lease_owner = h.owner")) {
            s.setDouble(1, seconds(config.lease()));
            s.setArray(2, c.createArrayOf("uuid", ids.toArray()));
            s.setArray(3, c.createArrayOf("text", owners.toArray()));
            s.executeUpdate();
        }
    }

    private List<Claim> claim(Connection c, int limit) throws SQLException {
        List<Claim> claims = new ArrayList<>();
        String owner = instance + ":" + UUID.randomUUID();
        try (PreparedStatement s = c.prepareStatement(CLAIM)) {
            s.setString(1, owner);
            s.setDouble(2, seconds(config.lease()));
            s.setArray(3, c.createArrayOf("uuid", held.keySet().toArray()));
            s.setInt(4, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    claims.add(new Claim(
                            r.getObject(1, UUID.class),
                            URI.create(r.getString(2)),
                            strings(r.getArray(3)),
                            uuids(r.getArray(4)),
                            r.getBytes(5),
                            r.getLong(6),
                            r.getInt(7),
                            owner));
                }
            }
        }
        return claims;
    }

    /** Delivers batches while there are events and the receiver takes them; always gives the lease back. */
    void deliver(Claim claim) {
        try {
            WebhookSecrets.Signer signer = new WebhookSecrets.Signer(cipher.decrypt(claim.secret()));
            EventFilter filter = new EventFilter(
                    EventFilter.parseTypes(claim.events(), "events", new FieldErrors()), claim.taskIds());
            long cursor = claim.cursor();
            int attempts = claim.attempts();
            int batch = Math.max(1, config.batch());
            while (!stopping) {
                EventStream.Page page;
                try (Connection c = dataSource.getConnection()) {
                    page = EventStream.read(c, cursor, batch, filter);
                    // after the page: the retention raises the floor as it deletes, so a page read across a
                    // purge is caught here
                    long floor = EventStream.floor(c);
                    if (cursor < floor) {
                        // the retention purged events it never delivered: say so rather than skip them
                        lost(claim, cursor, floor);
                        return;
                    }
                }
                List<EventStream.Rendered> events = page.events();
                if (events.isEmpty()) {
                    passOver(claim, page.next());
                    return;
                }
                long first = events.get(0).seq();
                long last = events.get(events.size() - 1).seq();
                WebhookSender.Outcome o = sender.post(claim.url(), signer, messageId(first, last), body(events));
                boolean done = events.size() < batch;
                if (o.delivered()) {
                    if (!delivered(claim, page.next(), done, first, last, events.size(), o) || done) {
                        return;
                    }
                    cursor = page.next();
                    attempts = 0;
                } else {
                    attempts++;
                    failed(claim, attempts, o, first, last, events.size());
                    return;
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("webhook subscription %s: delivery stopped: %s", claim.id(), e.getMessage());
        } finally {
            held.remove(claim.id(), claim.owner());
            giveBackReleased(claim);
        }
    }

    /** A lease a change or a redelivery marked released while this claim held it goes back now (see WebhookService). */
    private void giveBackReleased(Claim claim) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("update webhook_subscription set lease_owner = null, lease_expires_at = null"
                                + " where id = ? and lease_owner = ?")) {
            s.setObject(1, claim.id());
            s.setString(2, claim.owner() + ":released");
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("webhook subscription %s: could not give its lease back: %s", claim.id(), e.getMessage());
        }
    }

    /** Stable per batch: a retry of the same events carries the same id, so receivers can drop duplicates. */
    static String messageId(long first, long last) {
        return "msg_" + first + "_" + last;
    }

    /** The events' JSON as the store rendered it, in a JSON array: no parsing, no per-event allocation beyond the text. */
    static byte[] body(List<EventStream.Rendered> events) {
        int size = 2;
        for (EventStream.Rendered e : events) {
            size += e.json().length() + 1;
        }
        StringBuilder b = new StringBuilder(size).append('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(events.get(i).json());
        }
        return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private void passOver(Claim claim, long next) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(PASSED_OVER)) {
            s.setLong(1, next);
            s.setObject(2, claim.id());
            s.setString(3, claim.owner());
            s.executeUpdate();
        }
    }

    private void lost(Claim claim, long cursor, long floor) throws SQLException {
        String error = "events " + (cursor + 1) + " to " + floor + " were purged by the retention before they were"
                + " delivered; redeliver from a kept event to go on";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        update webhook_subscription set status = 'FAILING', last_error = ?, lease_owner = null,
                               lease_expires_at = null
                        where id = ? and lease_owner = ?""")) {
            s.setString(1, error);
            s.setObject(2, claim.id());
            s.setString(3, claim.owner());
            s.executeUpdate();
        }
        LOG.warnf("webhook subscription %s stops: %s", claim.id(), error);
    }

    /** Moves the cursor past a delivered batch if this instance still holds the lease; false when it lost it. */
    private boolean delivered(
            Claim claim, long cursor, boolean release, long first, long last, int count, WebhookSender.Outcome o)
            throws SQLException {
        UUID id = claim.id();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(DELIVERED)) {
            s.setLong(1, cursor);
            s.setBoolean(2, release);
            s.setBoolean(3, release);
            s.setDouble(4, seconds(config.lease()));
            s.setObject(5, id);
            s.setString(6, claim.owner());
            s.setObject(7, id);
            s.setLong(8, first);
            s.setLong(9, last);
            s.setInt(10, count);
            s.setInt(11, o.httpStatus());
            s.setInt(12, o.latencyMillis());
            s.setString(13, instance);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                if (r.getLong(1) == 0) {
                    LOG.infof(
                            "webhook subscription %s was changed or taken over while a batch went out: stopping here",
                            id);
                    return false;
                }
                return true;
            }
        }
    }

    private void failed(Claim claim, int attempts, WebhookSender.Outcome o, long first, long last, int count)
            throws SQLException {
        UUID id = claim.id();
        Duration delay = backoff(attempts, o.retryAfter());
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(FAILED)) {
            s.setInt(1, attempts);
            s.setDouble(2, seconds(delay));
            s.setDouble(3, seconds(config.retryFor()));
            s.setString(4, o.error());
            s.setDouble(5, seconds(config.retryFor()));
            s.setObject(6, id);
            s.setString(7, claim.owner());
            s.setObject(8, id);
            s.setLong(9, first);
            s.setLong(10, last);
            s.setInt(11, count);
            if (o.httpStatus() == null) {
                s.setNull(12, Types.INTEGER);
            } else {
                s.setInt(12, o.httpStatus());
            }
            s.setInt(13, o.latencyMillis());
            s.setString(14, o.error());
            s.setString(15, instance);
            try (ResultSet r = s.executeQuery()) {
                String status = r.next() ? r.getString(1) : null;
                if ("FAILING".equals(status)) {
                    LOG.warnf(
                            "webhook subscription %s failed for longer than %s and stops: %s",
                            id, config.retryFor(), o.error());
                } else {
                    LOG.infof(
                            "webhook subscription %s: attempt %d failed (%s); next in %d ms",
                            id, attempts, o.error(), delay.toMillis());
                }
            }
        }
    }

    /**
     * Exponential from the initial delay, doubling to the cap, half of it fixed and half random (so that
     * instances retrying a receiver that came back do not all arrive at once); a longer Retry-After wins.
     */
    Duration backoff(int attempts, Duration retryAfter) {
        long initial = Math.max(1, config.retryInitial().toMillis());
        long cap = Math.max(initial, config.retryMax().toMillis());
        long base = initial << Math.min(Math.max(0, attempts - 1), 30);
        base = Math.min(Math.max(base, initial), cap);
        long millis = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        Duration d = Duration.ofMillis(millis);
        return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a batch not yet acknowledged goes out again from whichever instance claims it next
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("update webhook_subscription set lease_owner = null, lease_expires_at = null"
                                + " where lease_owner like ?")) {
            s.setString(1, instance + ":%");
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("could not hand back webhook leases: %s", e.getMessage());
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    private static List<UUID> uuids(Array a) throws SQLException {
        return a == null ? null : Arrays.asList((UUID[]) a.getArray());
    }
}
