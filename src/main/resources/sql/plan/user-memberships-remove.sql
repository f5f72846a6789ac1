delete from group_user_member l using r_user_member r where l.group_id = r.group_id and l.user_id = r.user_id
