-- a user the directory (or its return) enables or disables: user.enabled or user.disabled, the user as it will be.
-- Params: task, run
insert into change_event (type, task_id, run_id, subject, user_row)
select case when p.enabled and u.disabled_by is distinct from 'ADMIN' then 'user.enabled' else 'user.disabled' end,
       x.task_id, x.run_id, p.id,
       row(p.id, x.task_id, p.ext_id, p.sid, p.group_id, p.username, p.display_name, p.email,
                          p.phone, p.office, p.job_title, p.department, p.description, p.dn,
                          p.enabled and u.disabled_by is distinct from 'ADMIN',
                          case when u.disabled_by = 'ADMIN' then 'ADMIN' when not p.enabled then 'DIRECTORY' end,
                          p.account_expires_at, p.locked_out_at, p.photo_sha256 is not null, p.attributes,
                          null, null, null, null, null, u.created_at, now())::usersync_user_row
from p_user p join app_user u on u.id = coalesce(p.existing_id, p.collision_id)
cross join (select ?::uuid as task_id, ?::uuid as run_id) x
where p.action in ('UPDATED', 'TAKEN_OVER', 'RESTORED')
  and u.enabled is distinct from (p.enabled and u.disabled_by is distinct from 'ADMIN')
