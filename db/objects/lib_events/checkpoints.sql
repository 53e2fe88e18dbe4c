-- The view in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

create view lib_events.checkpoints as
 SELECT tree_size,
    encode(root_hash, 'hex'::text) AS root_hash,
    signed_at,
    key_id,
    encode(signature, 'base64'::text) AS signature,
    lib_event.checkpoint_text(tree_size, root_hash, signed_at) AS signed_text
   FROM lib_event.log_checkpoint c;

comment on view lib_events.checkpoints is 'Signed checkpoints of the log (db/verifiable-log.md): keep copies elsewhere; npm run verify checks the log against them.';

comment on column lib_events.checkpoints.tree_size is 'How many events the signed tree holds.';
comment on column lib_events.checkpoints.root_hash is 'The Merkle tree hash of positions 1 to tree_size, hex.';
comment on column lib_events.checkpoints.signed_at is 'When it was signed.';
comment on column lib_events.checkpoints.key_id is 'The signing key (see log_keys).';
comment on column lib_events.checkpoints.signature is 'Ed25519 signature of signed_text, base64.';
comment on column lib_events.checkpoints.signed_text is 'The exact text signed (UTF-8).';

grant select on lib_events.checkpoints to lib_event_reader;
