update app_user u set task_id = ?, external_id = p.ext_id, sid = p.sid, group_id = p.group_id,
       username = p.username, display_name = p.display_name, email = p.email, phone = p.phone, office = p.office,
       job_title = p.job_title, department = p.department, description = p.description, dn = p.dn, dn_norm = p.dn_norm,
       -- a person's disabling holds until a person enables it again
       enabled = p.enabled and u.disabled_by is distinct from 'ADMIN', directory_enabled = p.enabled,
       disabled_by = case when u.disabled_by = 'ADMIN' then 'ADMIN' when not p.enabled then 'DIRECTORY' end,
       removed_at = null, removed_by_run_id = null, removed_by = null, left_scope_at = null,
       account_expires_at = p.account_expires_at, locked_out_at = p.locked_out_at,
       primary_group_key = p.primary_group_key, photo_sha256 = p.photo_sha256, attributes = p.attributes::jsonb, source_hash = p.source_hash,
       version = u.version + 1, updated_at = now()
from p_user p where p.action in ('UPDATED', 'TAKEN_OVER', 'RESTORED') and u.id = p.id
