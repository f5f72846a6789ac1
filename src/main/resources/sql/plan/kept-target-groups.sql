-- a group another task syncs into stays, as its foreign key kept it before removal left the row: the other
-- task would lose its target
insert into v_kept (id, object_type, external_id, dn, action, reason)
select distinct on (g.id) g.id, case when g.kind = 'CONTAINER' then 'CONTAINER' else 'GROUP' end, g.external_id, g.dn,
       'KEPT', 'no longer in the directory scope, but the target group of sync task ' || t.name || ': kept'
from g_group g join sync_task t on t.target_group_id = g.id
order by g.id
