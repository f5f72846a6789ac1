update p_group set action = case when existing_id is null then 'CREATED'
    when was_removed then 'RESTORED'
    when old_hash is distinct from source_hash or old_parent_id is distinct from parent_id then 'UPDATED'
    else 'UNCHANGED' end
