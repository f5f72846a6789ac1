-- the memberships a run adds and removes, as its counts count them: those of a group that goes end with its
-- group.removed, those of a user that goes with its user.removed. Params: task, run (twice each)
insert into change_event (type, task_id, run_id, subject, member_id, member_type)
select 'membership.added', ?::uuid, ?::uuid, group_id, user_id, 'USER' from a_user_member
union all
select 'membership.removed', ?::uuid, ?::uuid, r.group_id, r.user_id, 'USER' from r_user_member r
where not exists (select 1 from g_group x where x.id = r.group_id)
