create temp table g_group as
select g.id, g.external_id, g.dn, g.dn_norm, g.kind, g.source_hash is not null as synced from user_group g
where g.task_id = current_setting('usersync.task_id')::uuid and g.removed_at is null and current_setting('usersync.extinction_allowed')::boolean
  and not exists (select 1 from p_group p where p.ext_id = g.external_id)
