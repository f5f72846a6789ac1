-- What the DC had seen of every DC's changes when it issued the watermark (invocationId -> USN, from its
-- replUpToDateVector and its own highestCommittedUSN): another DC's watermark is usable only when the store,
-- as the last run left it, holds all of that. Null: unknown, good on the issuing DC only.
alter table sync_watermark add column seen jsonb;
