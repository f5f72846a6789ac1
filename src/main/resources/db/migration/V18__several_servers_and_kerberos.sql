-- A task reaches its directory through one host, an ordered hosts list, or an AD domain whose domain
-- controllers DNS SRV records name (optionally a site's first); it binds simply or with Kerberos.
alter table sync_task alter column host drop not null;
-- with a domain, NONE and STARTTLS take the SRV record's port: no port is stored then
alter table sync_task alter column port drop not null;
alter table sync_task add column hosts text[];
alter table sync_task add column domain text;
alter table sync_task add column site text;
alter table sync_task add constraint sync_task_one_server_form check (num_nonnulls(host, hosts, domain) = 1);
alter table sync_task add column bind_method text not null default 'SIMPLE' check (bind_method in ('SIMPLE', 'GSSAPI'));
-- a Kerberos bind may use a keytab instead of a password; both are encrypted as the password always was
alter table sync_task alter column password_ciphertext drop not null;
alter table sync_task add column keytab_ciphertext bytea;
alter table sync_task add constraint sync_task_has_credential check (num_nonnulls(password_ciphertext, keytab_ciphertext) >= 1);
alter table sync_task add column kdc text;

-- One watermark per domain controller: AD's USNs are the DC's own, so a run landing on another DC continues
-- from that DC's watermark (keyed by its invocationId, which a restore from backup changes). An RFC 4533
-- cookie serves every provider of a replicated OpenLDAP, so there is one under '*'.
alter table sync_watermark add column dc_key text;
update sync_watermark set dc_key = case feed
    when 'CONTENT_SYNC' then '*'
    when 'AD_USN' then lower(coalesce(invocation_id, server))
    else lower(server) end;
alter table sync_watermark alter column dc_key set not null;
alter table sync_watermark drop constraint sync_watermark_pkey;
alter table sync_watermark add primary key (task_id, dc_key);

-- The server a run used, and why the ones before it were skipped
alter table sync_run add column server_host text;
alter table sync_run add column server_port integer;
alter table sync_run add column server_dns_host_name text;
alter table sync_run add column servers_skipped text[];
