update p_group p set parent_id = coalesce(
    (select q.id from p_group q where q.dn_norm = p.parent_norm and q.ext_id <> p.ext_id limit 1),
    -- a parent that was not read (its entry could not be mapped) keeps a stored object where it was
    case when p.parent_norm is not null then p.old_parent_id end, ?)
