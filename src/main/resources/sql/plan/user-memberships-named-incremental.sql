create temp table d_user_member as
select g.id as group_id, u.id as user_id from s_member m
  join p_group g on g.ext_id = m.group_ext_id join k_user u on u.dn_norm = m.member_norm
union
select g.id, u.id from s_member_uid m
  join p_group g on g.ext_id = m.group_ext_id join k_user u on lower(u.username) = lower(m.member_uid)
union
select g.id, u.id from s_member_of o
  join k_group g on g.dn_norm = o.group_norm and g.kind = 'DIRECTORY_GROUP'
  join p_user u on u.ext_id = o.member_ext_id where u.id is not null
