-- Courier shows audience and topic ids as UUID strings, as the original did (SPEC §3); clients parse them
-- as UUIDs. The bigint keys stay the internal ones: every event row and index refers to them.
alter table audience add column public_id uuid not null default gen_random_uuid();
alter table audience add constraint audience_public_id_key unique (public_id);
alter table topic add column public_id uuid not null default gen_random_uuid();
alter table topic add constraint topic_public_id_key unique (public_id);
