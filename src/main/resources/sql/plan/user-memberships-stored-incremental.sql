-- the stored rows the read speaks for: those of staged groups and users, and of gone ones
create temp table l_user_member as
select l.group_id, l.user_id
from (select id from p_group where kind = 'DIRECTORY_GROUP' union select id from g_group) x
cross join lateral (select l.group_id, l.user_id from group_user_member l where l.group_id = x.id offset 0) l
union
-- a user's rows in unchanged groups only where its groups were searched (see ChangeReader#searchMemberOf)
select l.group_id, l.user_id
from (select p.id from p_user p where p.id is not null
        and exists (select 1 from s_member_of o where o.member_ext_id = p.ext_id and o.group_norm is null)
      union select id from g_user) x
cross join lateral (select l.group_id, l.user_id from group_user_member l where l.user_id = x.id offset 0) l
join user_group g on g.id = l.group_id
where g.task_id = ?
union
-- a changed user's rows in the primary group it names now, and (bound: where a directory confirms the move,
-- see PlanOptions#primaryMovesReread) in the one it named before: its primary membership moves with it
-- although neither group changed (a taken-over user's stored row is its own id's)
select l.group_id, l.user_id
from p_user p join app_user a on a.id = p.id
join user_group g on g.task_id = ? and g.primary_key is not null
  and (g.primary_key = p.primary_group_key or (?::boolean and g.primary_key = a.primary_group_key))
join group_user_member l on l.group_id = g.id and l.user_id = p.id
where p.id is not null and (a.primary_group_key is not null or p.primary_group_key is not null) and ?::boolean
;
-- read under the full run's name: the membership difference is one statement for both
create temp view l_user_member_stored as select group_id, user_id from l_user_member
