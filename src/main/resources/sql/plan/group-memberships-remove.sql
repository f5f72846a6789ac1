delete from group_group_member l using r_group_member r where l.group_id = r.group_id and l.member_group_id = r.member_group_id
