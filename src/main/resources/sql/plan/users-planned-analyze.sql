-- no indexes: every later use of p_user is a set join the planner runs as a hash join
analyze p_user (ext_id, dn_norm, username, action, id, existing_id, collision_id, group_id)
