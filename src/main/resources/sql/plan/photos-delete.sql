delete from user_photo f using p_user p
where f.user_id = p.id and p.action in ('UPDATED', 'TAKEN_OVER') and p.photo_sha256 is null
