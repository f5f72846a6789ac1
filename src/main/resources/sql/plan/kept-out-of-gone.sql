delete from g_user where id in (select id from v_kept);
delete from g_group where id in (select id from v_kept)
