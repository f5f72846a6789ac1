-- the users' events, from the plan before it is applied (the store still holds each user as it was): created
-- and restored. customAttributes are never a run's to change, so never in its events. Params: task, run
insert into change_event (type, task_id, run_id, subject, user_row)
select case p.action when 'CREATED' then 'user.created' else 'user.restored' end,
       x.task_id, x.run_id, p.id,
       row(p.id, x.task_id, p.ext_id, p.sid, p.group_id, p.username, p.display_name, p.email,
           p.phone, p.office, p.job_title, p.department, p.description, p.dn,
           p.enabled and u.disabled_by is distinct from 'ADMIN',
           case when u.disabled_by = 'ADMIN' then 'ADMIN' when not p.enabled then 'DIRECTORY' end,
           p.account_expires_at, p.locked_out_at, p.photo_sha256 is not null, p.attributes,
           null, null, null, null, null, coalesce(u.created_at, now()), now())::usersync_user_row
from p_user p left join app_user u on u.id = p.existing_id
cross join (select ?::uuid as task_id, ?::uuid as run_id) x
where p.action in ('CREATED', 'RESTORED')
