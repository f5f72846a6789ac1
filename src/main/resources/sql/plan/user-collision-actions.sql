-- only the colliding rows are rewritten: a first run's new rows are many and rarely collide
update p_user set action = case when ? then 'TAKEN_OVER' else 'COLLISION' end, id = case when ? then collision_id end
where existing_id is null and collision_id is not null
