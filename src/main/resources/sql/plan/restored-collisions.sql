-- a removed user that returns while a live one now holds its SID, or its username in its group, is not
-- restored on top of it, whatever the collision policy: it stays removed and the run says why
update p_user set action = 'COLLISION', id = null where action = 'RESTORED' and collision_id is not null
