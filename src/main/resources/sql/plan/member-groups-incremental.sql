-- the groups member values resolve to: changed ones first, then those the store holds
create temp table k_group as
select dn_norm, kind, id from p_group
union all
select g.dn_norm, g.kind, g.id from user_group g
where g.task_id = ? and g.source_hash is not null and g.kind = 'DIRECTORY_GROUP'
  and g.external_id not in (select ext_id from p_group) and g.id not in (select id from g_group)
union all
-- a renamed group's previous DN, for the same refint delay as users' (k_user)
select g.dn_norm, p.kind, p.id from p_group p join user_group g on g.id = p.existing_id
where g.dn_norm <> p.dn_norm and not exists (select 1 from p_group q where q.dn_norm = g.dn_norm)
