create temp table p_group as
select distinct on (s.ext_id) s.kind, s.ext_id, s.sid, s.dn, s.dn_norm, s.parent_norm, s.name, s.description,
       s.primary_key, s.source_hash, g.id as existing_id, coalesce(g.id, gen_random_uuid()) as id, g.source_hash as old_hash,
       g.parent_id as old_parent_id, g.removed_at is not null as was_removed, null::uuid as parent_id, null::text as action
from s_group s left join user_group g on g.task_id = current_setting('usersync.task_id')::uuid and g.external_id = s.ext_id
order by s.ext_id, s.kind
