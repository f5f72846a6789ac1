select count(*) from (select 1 from v_kept limit 1) x
