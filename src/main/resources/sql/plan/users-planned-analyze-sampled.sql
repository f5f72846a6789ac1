-- no indexes: every later use of p_user is a set join the planner runs as a hash join;
-- a small sample (see PlanStatistics) tells the later joins as much as the default one
alter table p_user alter ext_id set statistics 10, alter dn_norm set statistics 10, alter username set statistics 10,
    alter action set statistics 10, alter id set statistics 10, alter existing_id set statistics 10,
    alter collision_id set statistics 10, alter group_id set statistics 10;
analyze p_user (ext_id, dn_norm, username, action, id, existing_id, collision_id, group_id)
