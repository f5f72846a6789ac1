select count(*) from (select 1 from l_user_member_stored limit 1) x
