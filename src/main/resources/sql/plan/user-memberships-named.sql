create temp table d_user_member as
select g.id as group_id, u.id as user_id from s_member m
  join p_group g on g.ext_id = m.group_ext_id join p_user u on u.dn_norm = m.member_norm
  where u.id is not null
union
select g.id, u.id from s_member_uid m
  join p_group g on g.ext_id = m.group_ext_id join p_user u on lower(u.username) = lower(m.member_uid)
  where u.id is not null
