-- The view in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

create view lib_events.log_keys as
 SELECT key_id,
    public_key,
    created_at,
    ( SELECT lib_event.vkey(o.origin, k.public_key) AS vkey
           FROM lib_event.log_origin o) AS vkey
   FROM lib_event.log_key k;

comment on view lib_events.log_keys is 'The public keys checkpoints are signed with: an auditor keeps a copy of the key it trusts.';

comment on column lib_events.log_keys.key_id is 'The key''s id, as checkpoints name it.';
comment on column lib_events.log_keys.public_key is 'Ed25519 public key, PEM.';
comment on column lib_events.log_keys.created_at is 'When it was first used.';
comment on column lib_events.log_keys.vkey is 'The key as a C2SP verifier key (<origin>+<key ID>+<key>): what note verifiers (Go''s golang.org/x/mod/sumdb/note, witnesses) take; null until the first C2SP checkpoint names the origin.';

grant select on lib_events.log_keys to lib_event_reader;
