insert into sync_run_change (run_id, action, object_type, external_id, dn, reason)
select ?, action, object_type, external_id, dn, reason from v_kept
