create temp table d_group_member as
select distinct g.id as group_id, c.id as member_group_id from s_member m
  join p_group g on g.ext_id = m.group_ext_id
  join p_group c on c.dn_norm = m.member_norm and c.kind = 'DIRECTORY_GROUP'
  where g.id <> c.id
union
-- a foreign security principal that is a group another task synced
select g.id, c.id from s_member_foreign f
  join p_group g on g.ext_id = f.group_ext_id
  join user_group c on c.sid = f.sid and c.kind = 'DIRECTORY_GROUP' and c.source_hash is not null
  where g.id <> c.id and ?::boolean
