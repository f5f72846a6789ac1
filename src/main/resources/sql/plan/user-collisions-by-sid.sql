-- two index-backed passes (this and user-collisions-by-username) rather than one OR-join, which
-- PostgreSQL can only run as a nested loop
update p_user p set collision_id = c.id, collision_reason = 'same SID ' || p.sid
    || case when c.task_id is null then ' as a user created by hand' else ' as a user of sync task ' || c.task_id end
from app_user c
where (p.existing_id is null or p.action = 'RESTORED') and p.sid is not null and c.sid = p.sid and c.task_id is distinct from ? and c.removed_at is null and c.id is distinct from p.existing_id
