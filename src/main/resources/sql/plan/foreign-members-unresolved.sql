-- members from other domains that match no user or group in the store yet (well-known SIDs such as
-- S-1-5-11 never will): recorded once per group, not errors; a later run resolves them once their domain
-- is synced
create temp table u_foreign_member as
select distinct f.sid, g.ext_id as group_ext_id, g.dn as group_dn
from s_member_foreign f join p_group g on g.ext_id = f.group_ext_id and g.kind = 'DIRECTORY_GROUP'
where not exists (select 1 from app_user u where u.sid = f.sid and (u.task_id is null or u.source_hash is not null) and u.removed_at is null)
  and not exists (select 1 from user_group c where c.sid = f.sid and c.kind = 'DIRECTORY_GROUP' and c.source_hash is not null)
