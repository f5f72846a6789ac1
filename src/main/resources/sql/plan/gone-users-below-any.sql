select count(*) from (select 1 from g_user where synced and right(dn_norm, length(?) + 1) = ',' || ? limit 1) x
