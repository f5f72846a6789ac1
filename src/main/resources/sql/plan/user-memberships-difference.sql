-- one full join of what the directory says with what the groups hold gives both directions, computed
-- once: its size is the count, its rows are what apply writes
create temp table x_user_member as
select coalesce(d.group_id, l.group_id) as group_id, coalesce(d.user_id, l.user_id) as user_id, l.group_id is null as added
from d_user_member d full join l_user_member_stored l on l.group_id = d.group_id and l.user_id = d.user_id
where l.group_id is null or d.group_id is null;
create temp table a_user_member as select group_id, user_id from x_user_member where added;
create temp table r_user_member as select group_id, user_id from x_user_member where not added
