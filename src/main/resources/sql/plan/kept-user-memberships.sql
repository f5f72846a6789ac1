-- a kept user stays in its groups, and a kept group keeps its members
delete from r_user_member where user_id in (select id from v_kept) or group_id in (select id from v_kept)
