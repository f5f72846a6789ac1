select count(*) from (select 1 from l_user_member limit 1) x
