-- migrate:up
-- Witness cosigning (c2sp.org/tlog-witness, c2sp.org/tlog-cosignature): the
-- sequencer sends each new checkpoint to the configured witnesses with a
-- consistency proof from the size each last cosigned; their cosignatures are
-- stored here, appended to the checkpoint's note and served with it.
set role lib_event_owner;

create table lib_event.checkpoint_cosignature (
  tree_size bigint not null references lib_event.log_checkpoint (tree_size),
  witness text not null collate "C",
  key_id bytea not null,
  signature bytea not null,
  cosigned_at timestamptz not null,
  created_at timestamptz not null default now(),
  primary key (tree_size, witness, key_id),
  constraint checkpoint_cosignature_key_id_length check (pg_catalog.length(key_id) = 4),
  -- cosignature/v1: an 8-byte timestamp and a 64-byte Ed25519 signature.
  constraint checkpoint_cosignature_signature_length check (pg_catalog.length(signature) = 72),
  constraint checkpoint_cosignature_witness_is_key_name check (witness ~ '^[^\s+]{1,255}$')
);
comment on table lib_event.checkpoint_cosignature is 'Witnesses'' cosignatures of checkpoints (c2sp.org/tlog-cosignature, cosignature/v1).

Checked by the sequencer against the witness''s vkey before they are stored;
lib_event.checkpoint_note appends them to the note. Never changed or removed.';
comment on column lib_event.checkpoint_cosignature.tree_size is 'The checkpoint cosigned.';
comment on column lib_event.checkpoint_cosignature.witness is 'The witness''s key name, as its signature line names it.';
comment on column lib_event.checkpoint_cosignature.key_id is 'The witness key''s 4-byte key ID (SHA-256 of name, newline, 0x04, key).';
comment on column lib_event.checkpoint_cosignature.signature is 'The timestamped signature: the 8-byte big-endian timestamp, then the Ed25519 signature of cosignature/v1, time and the note text.';
comment on column lib_event.checkpoint_cosignature.cosigned_at is 'Its timestamp: when the witness cosigned.';
comment on column lib_event.checkpoint_cosignature.created_at is 'When it was stored.';
create trigger checkpoint_cosignature_refuse_change before update or delete on lib_event.checkpoint_cosignature
  for each statement execute function lib_event.refuse_change();
comment on trigger checkpoint_cosignature_refuse_change on lib_event.checkpoint_cosignature is 'Cosignatures are never changed or removed.';

create function lib_event.add_cosignature(tree_size bigint, witness text, key_id bytea, signature bytea)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  insert into lib_event.checkpoint_cosignature (tree_size, witness, key_id, signature, cosigned_at)
  values (tree_size, witness, key_id, signature,
          pg_catalog.to_timestamp(('x' || pg_catalog.encode(pg_catalog.substr(signature, 1, 8), 'hex'))::bit(64)::bigint))
  on conflict do nothing;
$$;
comment on function lib_event.add_cosignature(bigint, text, bytea, bytea) is 'Store a witness''s cosignature of the checkpoint of tree_size (the sequencer checked it against the witness''s vkey).';
grant execute on function lib_event.add_cosignature(bigint, text, bytea, bytea) to lib_event_sequencer;

create function lib_event.witnessed_size(witness text)
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(pg_catalog.max(w.tree_size), 0) from lib_event.checkpoint_cosignature w where w.witness = witnessed_size.witness;
$$;
comment on function lib_event.witnessed_size(text) is 'The size of the largest checkpoint a witness cosigned (0 when none): the old size of the next add-checkpoint to it.';
grant execute on function lib_event.witnessed_size(text) to lib_event_sequencer;

create function lib_event.witness_request(old_size bigint, tree_size bigint)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select pg_catalog.format(E'old %s\n%s\n%s', old_size,
    (select coalesce(pg_catalog.string_agg(pg_catalog.encode(h, 'base64') || E'\n', '' order by n), '')
       from pg_catalog.unnest(case when old_size = 0 or old_size = tree_size then '{}'::bytea[]
                                   else lib_event.consistency_path(old_size, 0, tree_size, true) end) with ordinality p(h, n)),
    lib_event.checkpoint_note(tree_size))
   where lib_event.checkpoint_note(tree_size) is not null and old_size between 0 and tree_size;
$$;
comment on function lib_event.witness_request(bigint, bigint) is 'The body of a tlog-witness add-checkpoint: "old <size>", the consistency proof from that size (base64 lines), a blank line and the checkpoint note of tree_size; null when there is no such C2SP checkpoint.';
grant execute on function lib_event.witness_request(bigint, bigint) to lib_event_sequencer;

create or replace function lib_event.checkpoint_note(tree_size bigint)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select lib_event.checkpoint_body(c.origin, c.tree_size, c.root_hash) || E'\n'
      || lib_event.signature_line(c.origin, lib_event.note_key_id(c.origin, '\x01', lib_event.ed25519_key_bytes(k.public_key)), c.signature)
      || coalesce((select pg_catalog.string_agg(lib_event.signature_line(w.witness, w.key_id, w.signature), '' order by w.witness, w.key_id)
                     from lib_event.checkpoint_cosignature w where w.tree_size = c.tree_size), '')
    from lib_event.log_checkpoint c
    join lib_event.log_key k on k.key_id = c.key_id
   where c.tree_size = checkpoint_note.tree_size and c.origin is not null;
$$;
comment on function lib_event.checkpoint_note(bigint) is 'The C2SP checkpoint of tree_size as a signed note: its text, a blank line, the log''s signature line and the witnesses'' cosignature lines; null for a v1 checkpoint.';

create or replace view lib_events.checkpoints as
  select c.tree_size, pg_catalog.encode(c.root_hash, 'hex') as root_hash, c.signed_at, c.key_id,
         pg_catalog.encode(c.signature, 'base64') as signature,
         lib_event.checkpoint_signed_text(c.origin, c.tree_size, c.root_hash, c.signed_at) collate "default" as signed_text,
         c.origin,
         lib_event.checkpoint_note(c.tree_size) as note,
         array(select w.witness::text from lib_event.checkpoint_cosignature w where w.tree_size = c.tree_size order by w.witness) as cosigned_by
    from lib_event.log_checkpoint c;
comment on column lib_events.checkpoints.cosigned_by is 'The witnesses whose cosignatures the note carries (their key names), for a policy such as "at least 2 of them": ?cosigned_by=cs.{w1.example,w2.example}.';

reset role;

-- migrate:down
