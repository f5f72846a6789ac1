create temp table r_group_member as
select l.group_id, l.member_group_id from group_group_member l join user_group g on g.id = l.group_id
where g.task_id = ?
  and (l.group_id in (select id from p_group where kind = 'DIRECTORY_GROUP' union all select id from g_group)
       -- a group's rows as a member only where its groups were searched (see ChangeReader#searchMemberOf)
       or l.member_group_id in (select p.id from p_group p where exists
                                  (select 1 from s_member_of o where o.member_ext_id = p.ext_id and o.group_norm is null)
                                union all select id from g_group))
  and not exists (select 1 from d_group_member d where d.group_id = l.group_id and d.member_group_id = l.member_group_id)
