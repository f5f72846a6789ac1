-- user.updated, from the plan before it is applied (the store still holds each user as it was): each changed
-- field before and after, of those the change records name (enabled has its own events); a user taken over
-- changes its task too. Params: task, run
insert into change_event (type, task_id, run_id, subject, user_row, data)
select 'user.updated', x.task_id, x.run_id, p.id,
       row(p.id, x.task_id, p.ext_id, p.sid, p.group_id, p.username, p.display_name, p.email,
           p.phone, p.office, p.job_title, p.department, p.description, p.dn,
           p.enabled and u.disabled_by is distinct from 'ADMIN',
           case when u.disabled_by = 'ADMIN' then 'ADMIN' when not p.enabled then 'DIRECTORY' end,
           p.account_expires_at, p.locked_out_at, p.photo_sha256 is not null, p.attributes,
           null, null, null, null, null, u.created_at, now())::usersync_user_row,
       jsonb_build_object('changes', c.changes)
from p_user p join app_user u on u.id = coalesce(p.existing_id, p.collision_id)
cross join (select ?::uuid as task_id, ?::uuid as run_id) x
cross join lateral (
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
    where f.before is distinct from f.after) c
where p.action in ('UPDATED', 'TAKEN_OVER') and c.changes is not null
