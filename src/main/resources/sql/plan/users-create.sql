insert into app_user (id, task_id, external_id, sid, group_id, username, display_name, email, phone, office,
                      job_title, department, description, dn, dn_norm, enabled, directory_enabled, disabled_by, account_expires_at, locked_out_at, primary_group_key, photo_sha256, attributes, source_hash)
select id, ?, ext_id, sid, group_id, username, display_name, email, phone, office, job_title, department,
       description, dn, dn_norm, enabled, enabled, case when not enabled then 'DIRECTORY' end, account_expires_at, locked_out_at, primary_group_key, photo_sha256, attributes::jsonb, source_hash from p_user where action = 'CREATED'
