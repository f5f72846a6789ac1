-- unions of joins, never OR-ed subqueries: an OR keeps PostgreSQL from hash joins, and with large staging
-- tables the per-row subplans it falls back to grow quadratically; the task id is bound, not read from a
-- setting, so that the planner sees the task's row count and drives the small staging tables into the indexes
-- no subtree left the scope and no present phase ran (else groups-gone-incremental-branches): a union
-- with a branch for either, even one planned away, would scan the task's objects for nothing
create temp table g_group as select x.id, x.external_id, x.dn, x.dn_norm, x.kind, x.source_hash is not null as synced
from user_group x where x.removed_at is null and x.id in (
select x.id from user_group x join s_gone g on g.ext_id = x.external_id
where x.task_id = ?
) and current_setting('usersync.extinction_allowed')::boolean
and not exists (select 1 from p_group p where p.ext_id = x.external_id)
