-- unions of joins, never OR-ed subqueries: an OR keeps PostgreSQL from hash joins, and with large staging
-- tables the per-row subplans it falls back to grow quadratically; the task id is bound, not read from a
-- setting, so that the planner sees the task's row count and drives the small staging tables into the indexes
-- where a subtree left the scope or a present phase ran (else groups-gone-incremental: a union there, even of
-- branches planned away, turns the probes of the task's groups by id into a scan of them all); a branch
-- whose bound flag is false is planned away, as the statement is planned with its values
create temp table g_group as select x.id, x.external_id, x.dn, x.dn_norm, x.kind, x.source_hash is not null as synced
from user_group x where x.removed_at is null and x.id in (
select x.id from user_group x join s_gone g on g.ext_id = x.external_id
where x.task_id = ?
union
-- switched off where no subtree left the scope: it would scan the task's objects for nothing
select x.id from user_group x join s_gone_subtree t
  on x.dn_norm = t.dn_norm or right(x.dn_norm, length(t.dn_norm) + 1) = ',' || t.dn_norm
where ?::boolean and x.task_id = ?
union
-- after a present phase, what was neither present nor changed is gone
-- (a present phase speaks only for the kinds its search read)
select x.id from user_group x where ?::boolean and x.task_id = ? and x.kind = any(?::text[])
  and not exists (select 1 from s_present sp where sp.ext_id = x.external_id)
) and current_setting('usersync.extinction_allowed')::boolean
and not exists (select 1 from p_group p where p.ext_id = x.external_id)
