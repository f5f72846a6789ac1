delete from r_group_member where group_id in (select id from v_kept) or member_group_id in (select id from v_kept)
