select count(*) from s_member_foreign
