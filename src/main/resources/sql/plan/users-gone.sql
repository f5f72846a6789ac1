create temp table g_user as
select u.id, u.external_id, u.dn, u.dn_norm, u.enabled, u.source_hash is not null as synced,
       coalesce(current_setting('usersync.remove_after_secs')::double precision >= 0
                and u.left_scope_at <= now() - make_interval(secs => current_setting('usersync.remove_after_secs')::double precision), false) as due
from app_user u
where u.task_id = current_setting('usersync.task_id')::uuid and u.removed_at is null and current_setting('usersync.extinction_allowed')::boolean
  and not exists (select 1 from p_user p where p.ext_id = u.external_id)
