-- users synced without something they have in the directory (a photo over the size cap): not errors
insert into sync_run_change (run_id, action, object_type, external_id, dn, reason)
select distinct ?, 'WARNING', 'USER', ext_id, dn, reason from s_user_warning
