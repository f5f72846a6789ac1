package io.usersync.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.usersync.api.Page;
import io.usersync.api.PageRequest;
import io.usersync.api.Problem;
import io.usersync.api.ProblemException;
import io.usersync.api.Times;
import io.usersync.audit.Actor;
import io.usersync.audit.AuditAction;
import io.usersync.audit.AuditLog;
import io.usersync.sync.ObjectTarget;
import io.usersync.sync.RunMode;
import io.usersync.sync.RunTrigger;
import io.usersync.task.SyncTask;
import io.usersync.task.SyncTaskDto;
import io.usersync.task.TaskCreatedListener;
import io.usersync.task.TaskRunHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Queues runs (one active per task, enforced by the database), reads their history, cancels them. */
@ApplicationScoped
public class RunService implements TaskCreatedListener, TaskRunHistory {
    private final EntityManager em;
    private final RunWorker worker;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Duration objectWait;

    RunService(EntityManager em, RunWorker worker, AuditLog audit, ObjectMapper json, RunsConfig config) {
        this.em = em;
        this.worker = worker;
        this.audit = audit;
        this.json = json;
        this.objectWait = config.objectWait();
    }

    public SyncRun get(UUID id) {
        SyncRun r = SyncRun.findById(id);
        if (r == null) {
            throw ProblemException.notFound("run", id);
        }
        return r;
    }

    public SyncRun trigger(UUID taskId, RunRequest request, RunTrigger trigger) {
        SyncRun run = enqueue(taskId, request, trigger);
        worker.wakeUp();
        return run;
    }

    @Transactional
    SyncRun enqueue(UUID taskId, RunRequest request, RunTrigger trigger) {
        if (request != null && request.mode() == RunMode.OBJECT) {
            throw ProblemException.badRequest(
                    "mode", "a run of mode OBJECT syncs one object: POST /api/v1/sync-tasks/" + taskId + "/objects");
        }
        if (SyncTask.findById(taskId) == null) {
            throw ProblemException.notFound("sync task", taskId);
        }
        Optional<UUID> id = queue(NewRun.requested(taskId, request, trigger), audit.currentActor());
        if (id.isEmpty()) {
            SyncRun active = SyncRun.find(
                            "taskId = ?1 and status in ?2 and mode <> ?3",
                            taskId,
                            List.of(RunStatus.QUEUED, RunStatus.RUNNING),
                            RunMode.OBJECT)
                    .firstResult();
            Problem p = new Problem(
                    409,
                    "Conflict",
                    "task " + taskId + " already has a "
                            + (active == null
                                    ? "queued or running"
                                    : active.status.name().toLowerCase()) + " run"
                            + (active == null ? "" : " " + active.id) + "; wait for it to end or cancel it");
            if (active != null) {
                p.with("runId", active.id);
            }
            throw new ProblemException(p);
        }
        return SyncRun.findById(id.get());
    }

    /**
     * The one way a run is queued, in the caller's transaction: nothing when the task already has a run
     * queued or running (the partial unique index sync_run_one_active makes this atomic across replicas),
     * or when this schedule fire was queued already (unique on task and fire time).
     */
    Optional<UUID> queue(NewRun run, Actor actor) {
        UUID id = UUID.randomUUID();
        int inserted = em.createNativeQuery("""
                insert into sync_run (id, task_id, status, trigger, dry_run, allow_mass_delete, mode, fire_time, not_before, counts,
                                      object_request)
                values (?1, ?2, 'QUEUED', ?3, ?4, ?5, ?6, ?7, ?8, '{}', cast(?9 as jsonb)) on conflict do nothing""")
                .setParameter(1, id)
                .setParameter(2, run.taskId())
                .setParameter(3, run.trigger().name())
                .setParameter(4, run.dryRun())
                .setParameter(5, run.allowMassDelete())
                .setParameter(6, run.mode().name())
                .setParameter(7, run.fireTime())
                .setParameter(8, run.notBefore())
                .setParameter(9, objectJson(run.object()))
                .executeUpdate();
        if (inserted == 0) {
            return Optional.empty();
        }
        audit.change(actor, AuditAction.RUN_TRIGGERED, "RUN", id, null, run.audited(), null);
        return Optional.of(id);
    }

    /**
     * Queues a run of mode OBJECT and waits for it to end (behind the task's running run, if any), up to
     * USERSYNC_OBJECT_SYNC_WAIT; the caller answers 202 with the run when it has not ended by then.
     */
    public ObjectSyncResult syncObject(UUID taskId, ObjectSyncRequest request) {
        ObjectTarget target = ObjectTargets.validated(request);
        UUID id = QuarkusTransaction.requiringNew().call(() -> {
            if (SyncTask.findById(taskId) == null) {
                throw ProblemException.notFound("sync task", taskId);
            }
            return queue(
                            NewRun.object(
                                    taskId,
                                    target,
                                    request != null && Boolean.TRUE.equals(request.dryRun()),
                                    request != null && Boolean.TRUE.equals(request.allowMassDelete())),
                            audit.currentActor())
                    .orElseThrow();
        });
        CompletableFuture<Void> endedHere = worker.ended(id);
        worker.wakeUp();
        long deadline = System.nanoTime() + objectWait.toNanos();
        SyncRun run = reread(id);
        try {
            // ends on this instance, or on another replica: then only a look at the run tells
            while (run.status.isActive() && System.nanoTime() < deadline) {
                try {
                    endedHere.get(OBJECT_POLL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // look again
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                run = reread(id);
            }
        } finally {
            worker.forget(id);
        }
        SyncRun ended = run;
        return QuarkusTransaction.requiringNew().call(() -> {
            List<RunChangeDto> changes = ended.status.isActive()
                    ? List.of()
                    : changes(id, ObjectTargets.firstPage(), null, null).items();
            String externalId = ended.objectRequest == null ? null : ended.objectRequest.get("externalId");
            RunChangeDto own = externalId == null
                    ? null
                    : changes.stream()
                            .filter(c -> externalId.equals(c.externalId()))
                            .filter(c -> !c.action().equals("UNRESOLVED_MEMBER")
                                    && !c.action().equals("WARNING"))
                            .findFirst()
                            .orElse(null);
            return new ObjectSyncResult(RunDto.of(ended), own, changes, ended.trace == null ? List.of() : ended.trace);
        });
    }

    /** How often a request waiting for a run of one object looks at it, when the run is not this instance's. */
    private static final Duration OBJECT_POLL = Duration.ofMillis(100);

    private SyncRun reread(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> SyncRun.<SyncRun>findById(id));
    }

    private String objectJson(ObjectTarget object) {
        if (object == null) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        if (object.dn() != null) {
            m.put("dn", object.dn());
        } else {
            m.put("username", object.username());
        }
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void created(UUID taskId) {
        trigger(taskId, new RunRequest(false, false, RunMode.FULL), RunTrigger.CREATE);
    }

    /** The latest run of each task, in one query for a whole page of tasks. */
    @Override
    @SuppressWarnings("unchecked")
    public Map<UUID, SyncTaskDto.LastRun> lastRuns(Collection<UUID> taskIds) {
        Map<UUID, SyncTaskDto.LastRun> last = new HashMap<>();
        if (taskIds.isEmpty()) {
            return last;
        }
        List<Object[]> rows = em.createNativeQuery("""
                select distinct on (task_id) task_id, id, status, finished_at from sync_run
                where task_id = any(?1) order by task_id, queued_at desc""")
                .setParameter(1, taskIds.toArray(UUID[]::new))
                .getResultList();
        for (Object[] r : rows) {
            last.put((UUID) r[0], new SyncTaskDto.LastRun((UUID) r[1], (String) r[2], Times.offset(r[3])));
        }
        return last;
    }

    @Transactional
    public SyncRun cancel(UUID id) {
        SyncRun r = get(id);
        if (r.status == RunStatus.QUEUED) {
            em.createNativeQuery("""
                    update sync_run set status = 'CANCELLED', finished_at = now(), failure_reason = 'cancelled before it started'
                    where id = ?1 and status = 'QUEUED'""").setParameter(1, id).executeUpdate();
        } else if (r.status == RunStatus.RUNNING) {
            em.createNativeQuery("update sync_run set cancel_requested = true where id = ?1")
                    .setParameter(1, id)
                    .executeUpdate();
        } else {
            throw ProblemException.conflict("run " + id + " has already ended as " + r.status);
        }
        audit.change(AuditAction.RUN_CANCELLED, "RUN", id, Map.of("status", r.status.name()), null);
        em.flush();
        em.clear();
        return get(id);
    }

    public Page<RunDto> list(
            PageRequest paging, UUID taskId, List<RunStatus> statuses, OffsetDateTime from, OffsetDateTime to) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (taskId != null) {
            where.add("taskId = :taskId");
            params.put("taskId", taskId);
        }
        if (statuses != null && !statuses.isEmpty()) {
            where.add("status in :statuses");
            params.put("statuses", statuses);
        }
        if (from != null) {
            where.add("queuedAt >= :from");
            params.put("from", from);
        }
        if (to != null) {
            where.add("queuedAt < :to");
            params.put("to", to);
        }
        var q = SyncRun.<SyncRun>find(
                String.join(" and ", where), Sort.descending("queuedAt").and("id", Sort.Direction.Descending), params);
        return new Page<>(
                q.page(paging.toPanache()).list().stream().map(RunDto::of).toList(),
                paging.page,
                paging.size,
                q.count());
    }

    @SuppressWarnings("unchecked")
    public Page<RunChangeDto> changes(UUID runId, PageRequest paging, String action, String objectType) {
        get(runId);
        String filter =
                " where run_id = ?1 and (cast(?2 as text) is null or action = ?2) and (cast(?3 as text) is null or object_type = ?3)";
        List<Object[]> rows = em.createNativeQuery(
                        "select id, action, object_type, external_id, dn, changed_fields, reason "
                                + "from sync_run_change" + filter + " order by id limit ?4 offset ?5")
                .setParameter(1, runId)
                .setParameter(2, action)
                .setParameter(3, objectType)
                .setParameter(4, paging.size)
                .setParameter(5, (long) paging.page * paging.size)
                .getResultList();
        long total = ((Number) em.createNativeQuery("select count(*) from sync_run_change" + filter)
                        .setParameter(1, runId)
                        .setParameter(2, action)
                        .setParameter(3, objectType)
                        .getSingleResult())
                .longValue();
        List<RunChangeDto> items = rows.stream()
                .map(r -> new RunChangeDto(
                        ((Number) r[0]).longValue(),
                        (String) r[1],
                        (String) r[2],
                        (String) r[3],
                        (String) r[4],
                        r[5] == null ? null : Arrays.asList((String[]) r[5]),
                        (String) r[6]))
                .toList();
        return new Page<>(items, paging.page, paging.size, total);
    }
}
