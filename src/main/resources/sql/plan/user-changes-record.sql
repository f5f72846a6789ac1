insert into sync_run_change (run_id, action, object_type, external_id, dn, changed_fields, reason)
select ?, p.action, 'USER', p.ext_id, p.dn,
       case when p.action in ('UPDATED', 'TAKEN_OVER', 'RESTORED') then array_remove(array[
           case when u.username is distinct from p.username then 'username' end,
           case when u.display_name is distinct from p.display_name then 'displayName' end,
           case when u.email is distinct from p.email then 'email' end,
           case when u.phone is distinct from p.phone then 'phone' end,
           case when u.office is distinct from p.office then 'office' end,
           case when u.job_title is distinct from p.job_title then 'jobTitle' end,
           case when u.department is distinct from p.department then 'department' end,
           case when u.description is distinct from p.description then 'description' end,
           case when u.dn is distinct from p.dn then 'dn' end,
           case when u.enabled is distinct from (p.enabled and u.disabled_by is distinct from 'ADMIN') then 'enabled' end,
           case when u.account_expires_at is distinct from p.account_expires_at then 'accountExpiresAt' end,
           case when u.locked_out_at is distinct from p.locked_out_at then 'lockedOutAt' end,
           case when u.photo_sha256 is distinct from p.photo_sha256 then 'photo' end,
           case when u.primary_group_key is distinct from p.primary_group_key then 'primaryGroup' end,
           case when u.group_id is distinct from p.group_id then 'groupId' end,
           case when u.sid is distinct from p.sid then 'sid' end,
           case when u.attributes is distinct from p.attributes::jsonb then 'attributes' end], null) end,
       p.collision_reason
from p_user p left join app_user u on u.id = coalesce(p.existing_id, p.collision_id)
where p.action <> 'UNCHANGED'
