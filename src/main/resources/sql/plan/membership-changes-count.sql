select (select count(*) from a_user_member),
       (select count(*) from d_group_member d where not exists
          (select 1 from group_group_member l where l.group_id = d.group_id and l.member_group_id = d.member_group_id)),
       (select count(*) from r_user_member r where not exists (select 1 from g_group x where x.id = r.group_id)),
       (select count(*) from r_group_member r where not exists (select 1 from g_group x where x.id = r.group_id))
