insert into sync_run_change (run_id, action, object_type, external_id, dn, changed_fields)
select ?, p.action, case when p.kind = 'CONTAINER' then 'CONTAINER' else 'GROUP' end, p.ext_id, p.dn,
       case when p.action in ('UPDATED', 'RESTORED') then array_remove(array[
           case when g.name is distinct from p.name then 'name' end,
           case when g.description is distinct from p.description then 'description' end,
           case when g.kind is distinct from p.kind then 'kind' end,
           case when g.dn is distinct from p.dn then 'dn' end,
           case when g.parent_id is distinct from p.parent_id then 'parentId' end,
           case when g.sid is distinct from p.sid then 'sid' end], null) end
from p_group p left join user_group g on g.id = p.existing_id
where p.action <> 'UNCHANGED'
