-- the users' events, from the plan before it is applied (the store still holds each user as it was): created,
-- restored, updated with each changed field before and after (the fields the change records name; enabled has
-- its own events). customAttributes are never a run's to change, so never in its events. Params: task, run
insert into change_event (type, task_id, run_id, subject, data)
select case p.action when 'CREATED' then 'user.created' when 'RESTORED' then 'user.restored' else 'user.updated' end,
       x.task_id, x.run_id, p.id,
       usersync_user_data(p.id, x.task_id, p.ext_id, p.sid, p.group_id, p.username, p.display_name, p.email,
                          p.phone, p.office, p.job_title, p.department, p.description, p.dn,
                          p.enabled and u.disabled_by is distinct from 'ADMIN',
                          case when u.disabled_by = 'ADMIN' then 'ADMIN' when not p.enabled then 'DIRECTORY' end,
                          p.account_expires_at, p.locked_out_at, p.photo_sha256 is not null, p.attributes::jsonb,
                          null, null, null, null, null, coalesce(u.created_at, now()), now())
       || case when p.action in ('UPDATED', 'TAKEN_OVER') then jsonb_build_object('changes', c.changes) else '{}'::jsonb end
from p_user p left join app_user u on u.id = coalesce(p.existing_id, p.collision_id)
cross join (select ?::uuid as task_id, ?::uuid as run_id) x
left join lateral (
    select jsonb_object_agg(f.field, jsonb_build_object('before', f.before, 'after', f.after)) as changes
    from (values ('taskId', to_jsonb(u.task_id), to_jsonb(x.task_id)),
                 ('externalId', to_jsonb(u.external_id), to_jsonb(p.ext_id)),
                 ('username', to_jsonb(u.username), to_jsonb(p.username)),
                 ('displayName', to_jsonb(u.display_name), to_jsonb(p.display_name)),
                 ('email', to_jsonb(u.email), to_jsonb(p.email)),
                 ('phone', to_jsonb(u.phone), to_jsonb(p.phone)),
                 ('office', to_jsonb(u.office), to_jsonb(p.office)),
                 ('jobTitle', to_jsonb(u.job_title), to_jsonb(p.job_title)),
                 ('department', to_jsonb(u.department), to_jsonb(p.department)),
                 ('description', to_jsonb(u.description), to_jsonb(p.description)),
                 ('dn', to_jsonb(u.dn), to_jsonb(p.dn)),
                 ('accountExpiresAt', to_jsonb(u.account_expires_at), to_jsonb(p.account_expires_at)),
                 ('lockedOutAt', to_jsonb(u.locked_out_at), to_jsonb(p.locked_out_at)),
                 ('photo', to_jsonb(u.photo_sha256), to_jsonb(p.photo_sha256)),
                 ('primaryGroup', to_jsonb(u.primary_group_key), to_jsonb(p.primary_group_key)),
                 ('groupId', to_jsonb(u.group_id), to_jsonb(p.group_id)),
                 ('sid', to_jsonb(u.sid), to_jsonb(p.sid)),
                 ('attributes', u.attributes, p.attributes::jsonb)) f(field, before, after)
    where f.before is distinct from f.after) c on p.action in ('UPDATED', 'TAKEN_OVER')
where p.action = 'CREATED' or p.action = 'RESTORED' or c.changes is not null
