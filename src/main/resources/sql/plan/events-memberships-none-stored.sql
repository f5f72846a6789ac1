-- see events-memberships: the task's groups held no user yet, so every membership the directory names is added
insert into change_event (type, task_id, run_id, subject, member_id, member_type)
select 'membership.added', ?::uuid, ?::uuid, group_id, user_id, 'USER' from d_user_member
union all
select 'membership.removed', ?::uuid, ?::uuid, r.group_id, r.user_id, 'USER' from r_user_member r
where not exists (select 1 from g_group x where x.id = r.group_id)
