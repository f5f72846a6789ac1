-- from the planned difference, not ON CONFLICT: speculative insertion costs more per row; in the key's
-- order, so that each user's entries go to one place in it
insert into group_user_member (group_id, user_id) select group_id, user_id from d_user_member order by user_id, group_id
