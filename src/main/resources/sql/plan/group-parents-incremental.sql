update p_group p set parent_id = coalesce(
    (select q.id from p_group q where q.dn_norm = p.parent_norm and q.ext_id <> p.ext_id limit 1),
    -- an unchanged parent is not staged: the store's container stands for it
    (select g.id from user_group g where g.task_id = current_setting('usersync.task_id')::uuid
       and g.dn_norm = p.parent_norm and g.kind = 'CONTAINER' and g.source_hash is not null and g.external_id <> p.ext_id
       and not exists (select 1 from p_group q where q.ext_id = g.external_id) limit 1),
    -- a parent that was not read (its entry could not be mapped) keeps a stored object where it was
    case when p.parent_norm is not null then p.old_parent_id end, ?)
