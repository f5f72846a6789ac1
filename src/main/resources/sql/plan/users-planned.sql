-- an unchanged user's own fields are never read again: left out, every later scan of p_user reads
-- less, and its ANALYZE too
-- one row per external id: the read may have staged an entry more than once; p_user_staged is
-- users-staged or users-staged-incremental
create temp table p_user as
select ext_id, dn_norm, username, existing_id, old_hash, old_group_id, group_id, collision_id, collision_reason,
       action, id, primary_group_key,
       case when action <> 'UNCHANGED' then sid end as sid,
       case when action <> 'UNCHANGED' then dn end as dn,
       case when action <> 'UNCHANGED' then parent_norm end as parent_norm,
       case when action <> 'UNCHANGED' then display_name end as display_name,
       case when action <> 'UNCHANGED' then email end as email,
       case when action <> 'UNCHANGED' then phone end as phone,
       case when action <> 'UNCHANGED' then office end as office,
       case when action <> 'UNCHANGED' then job_title end as job_title,
       case when action <> 'UNCHANGED' then department end as department,
       case when action <> 'UNCHANGED' then description end as description,
       case when action <> 'UNCHANGED' then enabled end as enabled,
       case when action <> 'UNCHANGED' then account_expires_at end as account_expires_at,
       case when action <> 'UNCHANGED' then locked_out_at end as locked_out_at,
       case when action <> 'UNCHANGED' then photo_sha256 end as photo_sha256,
       case when action <> 'UNCHANGED' then attributes end as attributes,
       case when action <> 'UNCHANGED' then source_hash end as source_hash
from (
select distinct on (s.ext_id) s.*, u.id as existing_id, u.source_hash as old_hash, u.group_id as old_group_id,
       -- a parent that was not read (its entry could not be mapped) keeps a stored user where it was
       coalesce(g.id, s.stored_parent_id, case when s.parent_norm is not null then u.group_id end, current_setting('usersync.target_group_id')::uuid) as group_id,
       null::uuid as collision_id, null::text as collision_reason,
       -- objects the task already owns are decided here; only new ones need the collision passes below
       -- a new one is CREATED with a new id unless a collision pass finds it taken
       case when u.id is null then 'CREATED'
            -- a tombstone of the same object, within the retention: the same user comes back
            when u.removed_at is not null then 'RESTORED'
            when u.source_hash is distinct from s.source_hash or u.group_id is distinct from coalesce(g.id, s.stored_parent_id, case when s.parent_norm is not null then u.group_id end, current_setting('usersync.target_group_id')::uuid) then 'UPDATED'
            else 'UNCHANGED' end as action,
       coalesce(u.id, gen_random_uuid()) as id
from p_user_staged s
left join app_user u on u.task_id = current_setting('usersync.task_id')::uuid and u.external_id = s.ext_id
left join p_group g on g.dn_norm = s.parent_norm
order by s.ext_id) x
