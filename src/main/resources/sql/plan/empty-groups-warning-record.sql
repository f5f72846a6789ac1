-- a group that reads empty while the store holds members: an account that may not read member looks the same
insert into sync_run_change (run_id, action, object_type, external_id, dn, reason)
select ?, 'WARNING', 'GROUP', p.ext_id, p.dn, 'read with no members while the store holds ' || n.members
       || ': if the group was not emptied in the directory, check that the account may read its members'
from (select group_id, count(*) as members from (select group_id from r_user_member union all select group_id from r_group_member) r
      group by group_id) n
join p_group p on p.existing_id = n.group_id
where p.kind = 'DIRECTORY_GROUP'
  and not exists (select 1 from s_member m where m.group_ext_id = p.ext_id)
  and not exists (select 1 from s_member_uid m where m.group_ext_id = p.ext_id)
  -- a primary group has members its member values leave out
  and not exists (select 1 from d_user_member d where d.group_id = p.id)
