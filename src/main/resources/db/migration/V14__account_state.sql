-- An account's expiry and lockout are dates, not flags: the user's state (ACTIVE, DISABLED, EXPIRED) is
-- computed when it is read, so that time passing needs no sync.
alter table app_user add column account_expires_at timestamptz;
alter table app_user add column locked_out_at timestamptz;

alter table sync_task add column skip_expired_users boolean not null default false;
