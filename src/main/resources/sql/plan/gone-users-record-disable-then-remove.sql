-- DISABLE_THEN_REMOVE: removed once due, disabled before (a user already disabled changes no more)
insert into sync_run_change (run_id, action, object_type, external_id, dn, reason)
select ?, case when due then 'REMOVED' else 'DISABLED' end, 'USER', external_id, dn,
       case when due then 'disabled since it left the directory scope, and not back within removeAfterDays'
            else 'no longer in the directory scope' end
from g_user where due or enabled
