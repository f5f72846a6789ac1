-- the groups' events, from the plan before it is applied (the store still holds each group as it was); the
-- first events statement of an apply, so the events lock (V21) is taken before any row changes. Params: task, run
insert into change_event (type, task_id, run_id, subject, data)
select case p.action when 'CREATED' then 'group.created' when 'RESTORED' then 'group.restored' else 'group.updated' end,
       x.task_id, x.run_id, p.id,
       usersync_group_data(p.id, p.parent_id, p.name, p.description, p.kind, x.task_id, p.ext_id, p.dn,
                           null, null, null, null, coalesce(g.created_at, now()), now())
       || case when p.action = 'UPDATED' then jsonb_build_object('changes', c.changes) else '{}'::jsonb end
from p_group p left join user_group g on g.id = p.existing_id
cross join (select ?::uuid as task_id, ?::uuid as run_id) x
cross join lateral (
    select jsonb_object_agg(f.field, jsonb_build_object('before', f.before, 'after', f.after)) as changes
    from (values ('name', to_jsonb(g.name), to_jsonb(p.name)),
                 ('description', to_jsonb(g.description), to_jsonb(p.description)),
                 ('kind', to_jsonb(g.kind), to_jsonb(p.kind)),
                 ('dn', to_jsonb(g.dn), to_jsonb(p.dn)),
                 ('parentId', to_jsonb(g.parent_id), to_jsonb(p.parent_id)),
                 ('sid', to_jsonb(g.sid), to_jsonb(p.sid))) f(field, before, after)
    where p.action = 'UPDATED' and f.before is distinct from f.after) c
-- an update that changes nothing the API shows (a kept group read again) is no event
where p.action in ('CREATED', 'RESTORED') or (p.action = 'UPDATED' and c.changes is not null)
