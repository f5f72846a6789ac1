-- a group's groups as members (few): added as they are written, removed as they are deleted. Params: task, run (twice each)
insert into change_event (type, task_id, run_id, subject, member_id, member_type)
select 'membership.added', ?::uuid, ?::uuid, d.group_id, d.member_group_id, 'GROUP' from d_group_member d
where not exists (select 1 from group_group_member l where l.group_id = d.group_id and l.member_group_id = d.member_group_id)
union all
select 'membership.removed', ?::uuid, ?::uuid, r.group_id, r.member_group_id, 'GROUP' from r_group_member r
where not exists (select 1 from g_group x where x.id = r.group_id)
