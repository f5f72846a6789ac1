package io.usersync.task;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.usersync.api.ETags;
import io.usersync.api.FieldErrors;
import io.usersync.api.LikePattern;
import io.usersync.api.Page;
import io.usersync.api.PageRequest;
import io.usersync.api.ProblemException;
import io.usersync.audit.AuditAction;
import io.usersync.audit.AuditLog;
import io.usersync.directory.BindMethod;
import io.usersync.directory.ConnectionSecurity;
import io.usersync.directory.DirectoryConnection;
import io.usersync.directory.DirectoryInputValidator;
import io.usersync.event.ChangeEvents;
import io.usersync.group.UserGroup;
import io.usersync.security.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Creates, validates and changes sync tasks; the only place a bind password is encrypted. */
@ApplicationScoped
public class SyncTaskService {
    private final SecretCipher cipher;
    private final EntityManager em;
    private final AuditLog audit;
    private final ChangeEvents events;
    /** The clock schedules fire by, so that nextRunAt agrees with the fires. */
    private final Clock clock;

    private final TaskRunHistory runs;

    SyncTaskService(
            SecretCipher cipher,
            EntityManager em,
            AuditLog audit,
            Clock clock,
            TaskRunHistory runs,
            ChangeEvents events) {
        this.events = events;
        this.runs = runs;
        this.cipher = cipher;
        this.em = em;
        this.audit = audit;
        this.clock = clock;
    }

    public SyncTask get(UUID id) {
        SyncTask t = SyncTask.findById(id);
        if (t == null) {
            throw ProblemException.notFound("sync task", id);
        }
        return t;
    }

    /** The task's connection with its decrypted secrets, for the code that binds. */
    public DirectoryConnection connectionOf(SyncTask task) {
        return task.connectionWithoutSecrets()
                .withSecrets(
                        task.passwordCiphertext == null ? null : cipher.decrypt(task.passwordCiphertext),
                        task.keytabCiphertext == null ? null : cipher.decrypt(task.keytabCiphertext));
    }

    public Page<SyncTaskDto> list(PageRequest paging, String name, String tag) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (name != null && !name.isBlank()) {
            where.add("lower(name) like :name escape '\\'");
            params.put("name", LikePattern.contains(name));
        }
        if (tag != null && !tag.isBlank()) {
            where.add("array_contains(tags, :tag)");
            params.put("tag", tag);
        }
        PanacheQuery<SyncTask> q =
                SyncTask.find(String.join(" and ", where), Sort.by("name").and("id"), params);
        List<SyncTask> page = q.page(paging.toPanache()).list();
        Map<UUID, SyncTaskDto.LastRun> last =
                runs.lastRuns(page.stream().map(t -> t.id).toList());
        List<SyncTaskDto> items =
                page.stream().map(t -> toDto(t, last.get(t.id))).toList();
        return new Page<>(items, paging.page, paging.size, q.count());
    }

    @Transactional
    public SyncTask create(SyncTaskRequest r) {
        FieldErrors errors = validate(r);
        if (r.directory() != null
                && (r.directory().password() == null || r.directory().password().isEmpty())
                && !r.directory().hasKeytab()) {
            errors.add(
                    "directory.password",
                    r.directory().effectiveBindMethod() == BindMethod.GSSAPI
                            ? "is required when a task is created, unless a keytab is given"
                            : "is required when a task is created");
        }
        errors.throwIfAny();
        requireUniqueName(r.name(), null);
        SyncTask t = new SyncTask();
        t.id = UUID.randomUUID();
        apply(r, t);
        t.persist();
        em.flush();
        audit.change(AuditAction.TASK_CREATED, "TASK", t.id, null, toDto(t));
        return t;
    }

    @Transactional
    public SyncTask update(UUID id, SyncTaskRequest r, String ifMatch) {
        SyncTask t = get(id);
        ETags.check(ifMatch, t.version);
        validate(r).throwIfAny();
        requireUniqueName(r.name(), id);
        SyncTaskDto before = toDto(t);
        apply(r, t);
        if (t.passwordCiphertext == null && t.keytabCiphertext == null) {
            throw ProblemException.badRequest(
                    "directory.password", "is required: the task has no stored password or keytab to bind with");
        }
        em.flush();
        boolean newPassword = r.directory() != null
                && r.directory().password() != null
                && !r.directory().password().isEmpty();
        audit.change(
                audit.currentActor(),
                AuditAction.TASK_UPDATED,
                "TASK",
                t.id,
                before,
                toDto(t),
                newPassword
                        ? "directory password replaced"
                        : r.directory() != null && r.directory().hasKeytab() ? "directory keytab replaced" : null);
        return t;
    }

    @Transactional
    public void delete(UUID id) {
        SyncTask t = get(id);
        // its runs go first: a running one holds its row until it commits, and it takes the events lock on
        // the way, which this transaction must not hold meanwhile
        em.createNativeQuery("delete from sync_run where task_id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        events.begin();
        audit.change(AuditAction.TASK_DELETED, "TASK", id, toDto(t), null);
        events.taskDeleting(id, audit.currentActor().name());
        t.delete();
    }

    private FieldErrors validate(SyncTaskRequest r) {
        FieldErrors errors = new FieldErrors();
        DirectoryInputValidator.validateConnection(r.directory(), "directory.", errors);
        DirectoryInputValidator.validateDns(r.baseDns(), "baseDns", errors);
        DirectoryInputValidator.validateDns(r.excludedDns(), "excludedDns", errors);
        requireExcludedUnderBase(r, errors);
        CronSchedules.validate(r.schedule(), errors);
        if (r.targetGroupId() != null && UserGroup.findById(r.targetGroupId()) == null) {
            errors.addUnknownReference("targetGroupId", "no user group " + r.targetGroupId());
        }
        return errors;
    }

    private static void requireExcludedUnderBase(SyncTaskRequest r, FieldErrors errors) {
        if (r.excludedDns() == null || r.baseDns() == null || !errors.isEmpty()) {
            return;
        }
        try {
            List<DN> bases = new ArrayList<>();
            for (String b : r.baseDns()) {
                bases.add(new DN(b));
            }
            for (int i = 0; i < r.excludedDns().size(); i++) {
                DN excluded = new DN(r.excludedDns().get(i));
                if (bases.stream().noneMatch(b -> excluded.isDescendantOf(b, false))) {
                    errors.add("excludedDns[" + i + "]", "is not below any of baseDns, so it would exclude nothing");
                }
            }
        } catch (LDAPException e) {
            // each DN was parsed above already; nothing more to add
        }
    }

    private void requireUniqueName(String name, UUID self) {
        long clash = self == null
                ? SyncTask.count("lower(name) = lower(?1)", name.strip())
                : SyncTask.count("lower(name) = lower(?1) and id <> ?2", name.strip(), self);
        if (clash > 0) {
            throw ProblemException.conflict("a sync task named '" + name.strip() + "' already exists");
        }
    }

    private void apply(SyncTaskRequest r, SyncTask t) {
        DirectoryConnection d = r.directory();
        t.name = r.name().strip();
        t.description = r.description();
        t.enabled = !Boolean.FALSE.equals(r.enabled());
        t.runImmediately = Boolean.TRUE.equals(r.runImmediately());
        t.directoryType = d.type();
        boolean byDomain = d.domain() != null && !d.domain().isBlank();
        boolean byHosts = !byDomain && d.hosts() != null && !d.hosts().isEmpty();
        t.host = byDomain || byHosts ? null : d.host().strip();
        t.hosts = byHosts ? d.hosts().stream().map(String::strip).toList() : null;
        t.domain = byDomain ? d.domain().strip() : null;
        t.site = byDomain && d.site() != null && !d.site().isBlank() ? d.site().strip() : null;
        t.security = d.effectiveSecurity();
        // a domain's SRV records give the port of plain and StartTLS connections unless the caller sets one
        t.port = byDomain && d.port() == null && t.security != ConnectionSecurity.LDAPS ? null : d.effectivePort();
        t.bindMethod = d.effectiveBindMethod();
        t.kdc = d.kdc() == null || d.kdc().isBlank() ? null : d.kdc().strip();
        t.login = d.login();
        if (d.password() != null && !d.password().isEmpty()) {
            t.passwordCiphertext = cipher.encrypt(d.password());
            // the credential given last is the one binds use: a keytab would otherwise win silently
            t.keytabCiphertext = null;
        }
        if (d.hasKeytab()) {
            t.keytabCiphertext = cipher.encrypt(d.keytab().replaceAll("\\s", ""));
            t.passwordCiphertext = null;
        } else if (t.bindMethod == BindMethod.SIMPLE) {
            // a secret no bind uses is not kept
            t.keytabCiphertext = null;
        }
        t.trustedCertificatesPem =
                d.trustedCertificatesPem() == null || d.trustedCertificatesPem().isBlank()
                        ? null
                        : d.trustedCertificatesPem();
        t.trustAllCertificates = d.trustsAll();
        t.mapping = d.mapping();
        t.targetGroupId = r.targetGroupId();
        t.baseDns = List.copyOf(r.baseDns());
        t.excludedDns = r.excludedDns() == null ? List.of() : List.copyOf(r.excludedDns());
        t.skipDisabledUsers = Boolean.TRUE.equals(r.skipDisabledUsers());
        t.skipExpiredUsers = Boolean.TRUE.equals(r.skipExpiredUsers());
        t.collisionHandling = Objects.requireNonNullElse(r.collisionHandling(), CollisionHandling.SKIP);
        t.userExtinctionHandling =
                Objects.requireNonNullElse(r.userExtinctionHandling(), UserExtinctionHandling.DISABLE);
        t.removeAfterDays = t.userExtinctionHandling == UserExtinctionHandling.DISABLE_THEN_REMOVE
                ? Objects.requireNonNullElse(r.removeAfterDays(), SyncTask.DEFAULT_REMOVE_AFTER_DAYS)
                : null;
        t.groupExtinctionHandling =
                Objects.requireNonNullElse(r.groupExtinctionHandling(), GroupExtinctionHandling.REMOVE);
        DeleteThreshold threshold = Objects.requireNonNullElse(r.deleteThreshold(), DeleteThreshold.DEFAULT);
        t.deleteMaxCount = threshold.maxCount();
        t.deleteMaxPercent = threshold.maxPercent();
        t.deleteMaxMembershipPercent = threshold.membershipPercentOrDefault();
        t.schedule = r.schedule();
        t.tags = r.tags() == null
                ? List.of()
                : r.tags().stream().map(String::strip).distinct().toList();
    }

    public SyncTaskDto toDto(SyncTask t) {
        return toDto(t, runs.lastRuns(List.of(t.id)).get(t.id));
    }

    /**
     * Locks the enabled tasks with a schedule not yet looked at up to {@code now}, skipping those another
     * replica holds, for the caller's transaction.
     */
    @SuppressWarnings("unchecked")
    public List<SyncTask> lockDueSchedules(OffsetDateTime now) {
        return em.createNativeQuery("""
                select * from sync_task where enabled and schedule is not null
                  and (schedule_checked_until is null or schedule_checked_until < ?1)
                for update skip locked""", SyncTask.class).setParameter(1, now).getResultList();
    }

    /** Records that the task's schedule was looked at up to {@code until}: its fires before then are queued. */
    public void scheduleChecked(UUID taskId, OffsetDateTime until) {
        em.createNativeQuery("update sync_task set schedule_checked_until = ?1 where id = ?2")
                .setParameter(1, until)
                .setParameter(2, taskId)
                .executeUpdate();
    }

    private SyncTaskDto toDto(SyncTask t, SyncTaskDto.LastRun lastRun) {
        var directory = new SyncTaskDto.Directory(
                t.directoryType,
                t.host,
                t.hosts,
                t.domain,
                t.site,
                t.port,
                t.security,
                t.bindMethod,
                t.login,
                t.passwordCiphertext != null,
                t.keytabCiphertext != null,
                t.kdc,
                t.trustedCertificatesPem,
                t.trustAllCertificates,
                t.mapping);
        var nextRunAt = t.enabled && t.schedule != null
                ? CronSchedules.nextFire(t.schedule, ZonedDateTime.now(clock))
                        .map(ZonedDateTime::toOffsetDateTime)
                        .orElse(null)
                : null;
        return new SyncTaskDto(
                t.id,
                t.name,
                t.description,
                t.enabled,
                t.runImmediately,
                directory,
                t.targetGroupId,
                t.baseDns,
                t.excludedDns,
                t.skipDisabledUsers,
                t.skipExpiredUsers,
                t.collisionHandling,
                t.userExtinctionHandling,
                t.removeAfterDays,
                t.groupExtinctionHandling,
                t.deleteThreshold(),
                t.schedule,
                nextRunAt,
                lastRun,
                t.tags,
                t.createdAt,
                t.updatedAt);
    }
}
