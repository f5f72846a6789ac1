insert into sync_run_change (run_id, action, object_type, external_id, dn, reason)
select ?, 'UNRESOLVED_MEMBER', 'MEMBER', sid, group_dn,
       'a member from another domain (' || sid || ') of ' || group_dn || ' matches no synced user or group'
       || case when sid like 'S-1-5-21-%' then ' yet: a full run links it once a task has synced its domain'
               else ': a well-known principal, which is never synced' end
from u_foreign_member
