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
union
-- primary groups: a changed user is a member of the primary group it names now (changed or stored)
select g.id, p.id from p_user p
  join (select id, primary_key from p_group where kind = 'DIRECTORY_GROUP'
        union all
        select x.id, x.primary_key from user_group x
        where x.task_id = ? and x.kind = 'DIRECTORY_GROUP' and x.source_hash is not null and x.primary_key is not null
          and x.external_id not in (select ext_id from p_group) and x.id not in (select id from g_group)) g
    on g.primary_key = p.primary_group_key
  -- bound: whether any staged or stored object has a primary group key (AD, or gidNumber on LDAP)
  where p.id is not null and p.primary_group_key is not null and ?::boolean
union
-- and a changed group's members include the users the store holds that name it as their primary group
select g.id, u.id from p_group g
  join app_user u on u.task_id = ? and u.primary_group_key = g.primary_key and u.source_hash is not null
  where g.kind = 'DIRECTORY_GROUP' and g.primary_key is not null and ?::boolean
    and u.external_id not in (select ext_id from p_user) and u.id not in (select id from g_user)
union
-- foreign security principals: members from other domains of the forest, by SID, synced by any task
select g.id, u.id from s_member_foreign f join p_group g on g.ext_id = f.group_ext_id join app_user u on u.sid = f.sid
  -- a synced user (not one kept or disabled as gone), or one made by hand
    and (u.task_id is null or u.source_hash is not null) and u.removed_at is null
  -- bound: whether the read staged any, so that a read without them costs no scan of the users
  where ?::boolean
