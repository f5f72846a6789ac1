-- unions of joins, never OR-ed subqueries: an OR keeps PostgreSQL from hash joins, and with large staging
-- tables the per-row subplans it falls back to grow quadratically; the task id is bound, not read from a
-- setting, so that the planner sees the task's row count and drives the small staging tables into the indexes
-- no subtree left the scope and no present phase ran (else users-gone-incremental-branches): a union
-- with a branch for either, even one planned away, would scan the task's objects for nothing
create temp table g_user as select x.id, x.external_id, x.dn, x.dn_norm, x.enabled, x.source_hash is not null as synced,
       coalesce(current_setting('usersync.remove_after_secs')::double precision >= 0
                and x.left_scope_at <= now() - make_interval(secs => current_setting('usersync.remove_after_secs')::double precision), false) as due
from app_user x where x.removed_at is null and x.id in (
select x.id from app_user x join s_gone g on g.ext_id = x.external_id
where x.task_id = ?
) and current_setting('usersync.extinction_allowed')::boolean
and not exists (select 1 from p_user p where p.ext_id = x.external_id)
