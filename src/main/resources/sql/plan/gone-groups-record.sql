insert into sync_run_change (run_id, action, object_type, external_id, dn, reason)
select ?, ?, 'GROUP', external_id, dn, 'no longer in the directory scope' from g_group
