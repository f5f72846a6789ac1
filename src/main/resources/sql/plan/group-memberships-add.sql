insert into group_group_member (group_id, member_group_id) select group_id, member_group_id from d_group_member
on conflict do nothing
