-- The view in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

create view lib_events.checkpoints as
 SELECT tree_size,
    encode(root_hash, 'hex'::text) AS root_hash,
    signed_at,
    key_id,
    encode(signature, 'base64'::text) AS signature,
    lib_event.checkpoint_signed_text(origin, tree_size, root_hash, signed_at) COLLATE "default" AS signed_text,
    origin,
    lib_event.checkpoint_note(tree_size) AS note,
    ARRAY( SELECT w.witness
           FROM lib_event.checkpoint_cosignature w
          WHERE w.tree_size = c.tree_size
          ORDER BY w.witness) AS cosigned_by
   FROM lib_event.log_checkpoint c;

comment on view lib_events.checkpoints is 'Signed checkpoints of the log (db/verifiable-log.md): keep copies elsewhere; npm run verify checks the log against them.

Since C2SP checkpoints, note is the checkpoint as a signed note
(c2sp.org/tlog-checkpoint) that any note verifier opens with the vkey of
GET /log_keys; older checkpoints have no origin and no note.';

comment on column lib_events.checkpoints.tree_size is 'How many events the signed tree holds.';
comment on column lib_events.checkpoints.root_hash is 'The Merkle tree hash of positions 1 to tree_size, hex.';
comment on column lib_events.checkpoints.signed_at is 'When it was signed.';
comment on column lib_events.checkpoints.key_id is 'The signing key (see log_keys).';
comment on column lib_events.checkpoints.signature is 'Ed25519 signature of signed_text, base64.';
comment on column lib_events.checkpoints.signed_text is 'The exact text signed (UTF-8): the note text of a C2SP checkpoint, or the lib_event checkpoint v1 text.';
comment on column lib_events.checkpoints.origin is 'The log''s origin, the note''s first line; null for a lib_event checkpoint v1.';
comment on column lib_events.checkpoints.note is 'The C2SP signed note: text, blank line, the log''s signature line and any witnesses'' cosignature lines; null for a lib_event checkpoint v1.';
comment on column lib_events.checkpoints.cosigned_by is 'The witnesses whose cosignatures the note carries (their key names), for a policy such as "at least 2 of them": ?cosigned_by=cs.{w1.example,w2.example}.';

grant select on lib_events.checkpoints to lib_event_reader;
