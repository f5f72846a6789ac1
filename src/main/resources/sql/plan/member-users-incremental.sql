-- the users member values resolve to: changed ones first, then those the store holds; the task id is
-- bound, not read from a setting, so that the planner sees the task's row count
create temp table k_user as
select dn_norm, username, id from p_user where id is not null
union all
-- one index probe per member value: "offset 0" keeps PostgreSQL from flattening the lateral
-- into a hash join over every user of the task
select u.dn_norm, u.username, u.id from (select distinct member_norm from s_member) m
-- only users the last run found in the directory: a full run resolves no value to one kept or disabled as gone
cross join lateral (select v.dn_norm, v.username, v.id, v.external_id from app_user v
                    where v.task_id = ? and v.dn_norm = m.member_norm and v.source_hash is not null offset 0) u
-- NOT IN (hashed, no NULLs on either side) rather than NOT EXISTS: the planner guesses the lateral
-- yields one row and would rescan p_user for each member value
where u.external_id not in (select ext_id from p_user)
  and u.id not in (select id from g_user)
union all
-- a changed group may still name a renamed member by its previous DN (OpenLDAP's refint rewrites
-- member values later, without changing the group again): that DN still means that member
select u.dn_norm, p.username, p.id from p_user p join app_user u on u.id = p.existing_id
where u.dn_norm <> p.dn_norm and not exists (select 1 from p_user q where q.dn_norm = u.dn_norm)
union all
-- memberUid values, switched by a bound flag (planned away where none was staged)
select u.dn_norm, u.username, u.id from app_user u
where ?::boolean and u.task_id = ? and lower(u.username) in (select lower(member_uid) from s_member_uid) and u.source_hash is not null
  and not exists (select 1 from p_user p where p.ext_id = u.external_id)
  and not exists (select 1 from g_user x where x.id = u.id)
