select 'u', action, count(*) from p_user group by action union all select 'g', action, count(*) from p_group group by action
