-- changed users that no longer have a photo (before users-update clears their SHA-256)
delete from user_photo f using p_user p join app_user u on u.id = p.id
where f.user_id = p.id and p.action in ('UPDATED', 'TAKEN_OVER', 'RESTORED') and p.photo_sha256 is null and u.photo_sha256 is not null
