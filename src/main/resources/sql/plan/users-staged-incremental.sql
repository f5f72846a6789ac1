-- a parent that is not staged (it did not change) resolves to the store's container, only where no p_group
-- row has its DN: users-planned then takes a parent from one of the two, as a join with p_group first would
create temp view p_user_staged as
select s.*, sg.id as stored_parent_id
from s_user s
left join user_group sg on sg.task_id = current_setting('usersync.task_id')::uuid and sg.dn_norm = s.parent_norm
     and sg.kind = 'CONTAINER' and sg.source_hash is not null
     and not exists (select 1 from p_group g where g.dn_norm = s.parent_norm)
