update p_user p set collision_id = c.id, collision_reason = 'same username ' || p.username || ' in the same group'
    || case when c.task_id is null then ' as a user created by hand' else ' as a user of sync task ' || c.task_id end
from app_user c
where (p.existing_id is null or p.action = 'RESTORED') and p.collision_id is null and c.group_id = p.group_id
  and lower(c.username) = lower(p.username) and c.task_id is distinct from ? and c.removed_at is null and c.id is distinct from p.existing_id
