-- a full run places a user only below a container it read: no parent comes from the store (a view, so
-- that users-planned reads s_user itself, in external id order)
create temp view p_user_staged as select s.*, null::uuid as stored_parent_id from s_user s
