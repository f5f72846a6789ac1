create temp table d_user_member as
select g.id as group_id, u.id as user_id from s_member m
  join p_group g on g.ext_id = m.group_ext_id join p_user u on u.dn_norm = m.member_norm
  where u.id is not null
union
select g.id, u.id from s_member_uid m
  join p_group g on g.ext_id = m.group_ext_id join p_user u on lower(u.username) = lower(m.member_uid)
  where u.id is not null
union
-- primary groups: a user is its primary group's member although that group's member values leave it out
select g.id, u.id from p_user u join p_group g on g.primary_key = u.primary_group_key and g.kind = 'DIRECTORY_GROUP'
  -- bound: whether any staged user names a primary group (AD, or gidNumber on LDAP)
  where u.id is not null and u.primary_group_key is not null and ?::boolean
union
-- foreign security principals: members from other domains of the forest, by SID, synced by any task
select g.id, u.id from s_member_foreign f join p_group g on g.ext_id = f.group_ext_id join app_user u on u.sid = f.sid
  -- a synced user (not one kept or disabled as gone), or one made by hand
    and (u.task_id is null or u.source_hash is not null) and u.removed_at is null
  -- bound: whether the read staged any, so that a read without them costs no scan of the users
  where ?::boolean
