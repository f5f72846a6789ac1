-- DISABLE_THEN_REMOVE, incremental runs: users disabled as gone earlier, due for removal now, that did not
-- come back (a return is a change the read staged)
insert into g_user
select x.id, x.external_id, x.dn, x.dn_norm, x.enabled, x.source_hash is not null, true from app_user x
where x.task_id = ? and x.removed_at is null and x.left_scope_at is not null
  and x.left_scope_at <= now() - make_interval(secs => current_setting('usersync.remove_after_secs')::double precision)
  and current_setting('usersync.extinction_allowed')::boolean
  and not exists (select 1 from g_user g where g.id = x.id) and not exists (select 1 from p_user p where p.ext_id = x.external_id)
