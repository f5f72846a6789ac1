package io.usersync.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.panache.common.Sort;
import io.usersync.api.ETags;
import io.usersync.api.FieldErrors;
import io.usersync.api.Page;
import io.usersync.api.PageRequest;
import io.usersync.api.Problem;
import io.usersync.api.ProblemException;
import io.usersync.audit.AuditAction;
import io.usersync.audit.AuditLog;
import io.usersync.event.EventFilter;
import io.usersync.event.EventStream;
import io.usersync.security.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;

/** Creates, changes and lists webhook subscriptions and their deliveries; sends test pings; rewinds cursors. */
@ApplicationScoped
public class WebhookService {
    static final String TARGET = "WEBHOOK";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EntityManager em;
    private final AuditLog audit;
    private final SecretCipher cipher;
    private final WebhookTargets targets;
    private final WebhookSender sender;
    private final WebhookDeliverer deliverer;
    private final AgroalDataSource dataSource;

    WebhookService(
            EntityManager em,
            AuditLog audit,
            SecretCipher cipher,
            WebhookTargets targets,
            WebhookSender sender,
            WebhookDeliverer deliverer,
            AgroalDataSource dataSource) {
        this.em = em;
        this.audit = audit;
        this.cipher = cipher;
        this.targets = targets;
        this.sender = sender;
        this.deliverer = deliverer;
        this.dataSource = dataSource;
    }

    public record Created(WebhookSubscription subscription, String secret) {}

    public Page<WebhookDto> list(PageRequest paging) {
        var q = WebhookSubscription.<WebhookSubscription>findAll(Sort.ascending("createdAt", "id"))
                .page(paging.toPanache());
        return new Page<>(q.list().stream().map(WebhookDto::of).toList(), paging.page, paging.size, q.count());
    }

    public WebhookSubscription get(UUID id) {
        WebhookSubscription s = WebhookSubscription.findById(id);
        if (s == null) {
            throw ProblemException.notFound("webhook", id);
        }
        return s;
    }

    @Transactional
    public Created create(WebhookRequest r) {
        validate(r);
        String secret = r.secret() == null ? WebhookSecrets.generate() : r.secret();
        WebhookSubscription s = new WebhookSubscription();
        s.id = UUID.randomUUID();
        apply(r, s);
        s.secretEncrypted = cipher.encrypt(secret);
        s.status = WebhookStatus.ACTIVE.name();
        // from its creation on: the events already written are not this subscription's
        s.cursor = em.unwrap(Session.class).doReturningWork(EventStream::last);
        s.persist();
        em.flush();
        audit.change(AuditAction.WEBHOOK_CREATED, TARGET, s.id, null, WebhookDto.of(s));
        return new Created(s, secret);
    }

    @Transactional
    public WebhookSubscription update(UUID id, WebhookRequest r, String ifMatch) {
        WebhookSubscription s = get(id);
        ETags.check(ifMatch, s.version);
        validate(r);
        WebhookDto before = WebhookDto.of(s);
        boolean resume = !s.url.equals(r.url().strip()) || (!s.enabled && !Boolean.FALSE.equals(r.enabled()));
        apply(r, s);
        if (r.secret() != null) {
            s.secretEncrypted = cipher.encrypt(r.secret());
        }
        if (resume) {
            // a new address or a re-enable: try at once, from the cursor, with a fresh retry period
            s.status = WebhookStatus.ACTIVE.name();
            s.attempts = 0;
            s.failingSince = null;
            s.nextAttemptAt = null;
        }
        em.flush();
        releaseLease(id);
        audit.change(
                audit.currentActor(),
                AuditAction.WEBHOOK_UPDATED,
                TARGET,
                s.id,
                before,
                WebhookDto.of(s),
                r.secret() != null ? "signing secret replaced" : null);
        return s;
    }

    @Transactional
    public void delete(UUID id) {
        WebhookSubscription s = get(id);
        audit.change(AuditAction.WEBHOOK_DELETED, TARGET, id, WebhookDto.of(s), null);
        s.delete();
    }

    public Page<WebhookDeliveryDto> deliveries(UUID id, PageRequest paging) {
        get(id);
        var q = WebhookDelivery.<WebhookDelivery>find("subscriptionId", Sort.descending("id"), id)
                .page(paging.toPanache());
        return new Page<>(q.list().stream().map(WebhookDelivery::toDto).toList(), paging.page, paging.size, q.count());
    }

    /** Sends a ping now, whether the subscription is enabled or not, and records the attempt. */
    public WebhookDeliveryDto test(UUID id) {
        WebhookSubscription s = get(id);
        String pingId = "ping-" + UUID.randomUUID();
        WebhookSecrets.Signer signer = new WebhookSecrets.Signer(cipher.decrypt(s.secretEncrypted));
        WebhookSender.Outcome o = sender.post(URI.create(s.url), signer, "msg_" + pingId, ping(pingId, s.id));
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("""
                        insert into webhook_delivery (subscription_id, kind, event_count, http_status, latency_ms, error,
                                                      instance)
                        values (?, 'TEST', 1, ?, ?, ?, ?) returning id, attempted_at""")) {
            st.setObject(1, id);
            if (o.httpStatus() == null) {
                st.setNull(2, Types.INTEGER);
            } else {
                st.setInt(2, o.httpStatus());
            }
            st.setInt(3, o.latencyMillis());
            st.setString(4, o.error());
            st.setString(5, deliverer.instance());
            try (ResultSet r = st.executeQuery()) {
                r.next();
                return new WebhookDeliveryDto(
                        r.getLong(1),
                        r.getObject(2, OffsetDateTime.class),
                        WebhookDeliveryDto.DeliveryKind.TEST,
                        o.httpStatus(),
                        o.latencyMillis(),
                        o.error(),
                        null,
                        null,
                        1,
                        deliverer.instance());
            }
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())) {
                throw ProblemException.notFound("webhook", id);
            }
            throw new IllegalStateException("cannot record a test delivery: " + e.getMessage(), e);
        }
    }

    /** A batch of one CloudEvent, io.usersync.webhook.ping. */
    static byte[] ping(String pingId, UUID subscription) {
        ObjectNode e = JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", pingId)
                .put("source", "/usersync/webhooks/" + subscription)
                .put("type", "io.usersync.webhook.ping")
                .put("time", Instant.now().toString())
                .put("datacontenttype", "application/json");
        e.putObject("data").put("subscriptionId", subscription.toString());
        return ("[" + e + "]").getBytes(StandardCharsets.UTF_8);
    }

    /** Sends again from an event on: the cursor goes to just before it, and failures are forgotten. */
    @Transactional
    public WebhookSubscription redeliver(UUID id, RedeliverRequest r) {
        WebhookSubscription s = get(id);
        long from = eventId(r == null ? null : r.fromEventId());
        Session session = em.unwrap(Session.class);
        long floor = session.doReturningWork(EventStream::floor);
        if (from <= floor) {
            throw new ProblemException(new Problem(
                            410,
                            "Gone",
                            "event " + from + " was purged by the retention; the oldest event kept is " + (floor + 1))
                    .with("oldestEventId", Long.toString(floor + 1)));
        }
        long last = session.doReturningWork(EventStream::last);
        if (from > last) {
            throw ProblemException.invalid(
                    422, List.of(new Problem.FieldError("fromEventId", "is after the last event, " + last)));
        }
        em.createNativeQuery("""
                        update webhook_subscription set cursor = ?1, status = 'ACTIVE', attempts = 0, failing_since = null,
                               next_attempt_at = now(),
                               lease_owner = case when lease_owner is null or lease_expires_at < now() then null else lease_owner || ':released' end,
                               lease_expires_at = case when lease_expires_at < now() then null else lease_expires_at end
                        where id = ?2""").setParameter(1, from - 1).setParameter(2, id).executeUpdate();
        em.refresh(s);
        return s;
    }

    private static long eventId(String raw) {
        if (raw == null) {
            throw ProblemException.badRequest("fromEventId", "is required");
        }
        String text = raw.strip();
        if (!text.matches("[0-9]{1,18}")) {
            throw ProblemException.badRequest("fromEventId", "must be an event id: a positive whole number");
        }
        long v = Long.parseLong(text);
        if (v < 1) {
            throw ProblemException.badRequest("fromEventId", "must be an event id: a positive whole number");
        }
        return v;
    }

    /**
     * Whoever holds the subscription's lease stops at its next write and the next claim reads it anew. A lease
     * held now is marked released rather than dropped: no other instance claims the subscription while a batch
     * may still be on its way, and its holder gives it back as it stops.
     */
    private void releaseLease(UUID id) {
        em.createNativeQuery("""
                        update webhook_subscription set
                               %s
                        where id = ?1""".formatted(RELEASED)).setParameter(1, id).executeUpdate();
    }

    private static final String RELEASED = """
            lease_owner = case when lease_owner is null or lease_expires_at < now() then null
                               else lease_owner || ':released' end,
            lease_expires_at = case when lease_expires_at < now() then null else lease_expires_at end""";

    private void validate(WebhookRequest r) {
        FieldErrors errors = new FieldErrors();
        WebhookTargets.Refusal refused = targets.refusal(r.url());
        if (refused != null && refused.status() == 400) {
            errors.add(WebhookTargets.FIELD, refused.message());
        }
        EventFilter.parseTypes(r.events(), "events", errors);
        if (r.secret() != null && WebhookSecrets.key(r.secret()) == null) {
            errors.add("secret", "must be whsec_ followed by the base64 of 24 to 64 random bytes");
        }
        if (r.taskIds() != null) {
            Set<UUID> known = knownTasks(r.taskIds());
            for (int i = 0; i < r.taskIds().size(); i++) {
                UUID t = r.taskIds().get(i);
                if (t == null) {
                    errors.add("taskIds[" + i + "]", "must not be null");
                } else if (!known.contains(t)) {
                    errors.addUnknownReference("taskIds[" + i + "]", "no sync task " + t);
                }
            }
        }
        errors.throwIfAny();
        if (refused != null) {
            throw WebhookTargets.forbidden(refused);
        }
    }

    @SuppressWarnings("unchecked")
    private Set<UUID> knownTasks(List<UUID> ids) {
        List<UUID> wanted = ids.stream().filter(Objects::nonNull).toList();
        if (wanted.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(em.createNativeQuery("select id from sync_task where id in (?1)", UUID.class)
                .setParameter(1, wanted)
                .getResultList());
    }

    private static void apply(WebhookRequest r, WebhookSubscription s) {
        s.url = r.url().strip();
        s.events = r.events() == null
                ? new ArrayList<>()
                : r.events().stream().map(String::strip).toList();
        s.taskIds = r.taskIds() == null ? null : List.copyOf(new LinkedHashSet<>(r.taskIds()));
        s.enabled = !Boolean.FALSE.equals(r.enabled());
    }
}
