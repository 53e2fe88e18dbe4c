-- migrate:up
-- Checkpoints as C2SP signed notes (c2sp.org/signed-note, c2sp.org/tlog-checkpoint):
-- the log's origin, chosen once and stored; the note text a checkpoint's
-- signature covers; the verifier key (vkey) beside the PEM in log_keys; the
-- note with its signature lines in checkpoints. Checkpoints signed before
-- (lib_event checkpoint v1) keep their text and stay verifiable.
set role lib_event_owner;

create table lib_event.log_origin (
  log_origin__id boolean primary key default true,
  origin text not null collate "C",
  created_at timestamptz not null default now(),
  constraint log_origin_one_row check (log_origin__id),
  -- A note key name: no spaces, no plus (c2sp.org/signed-note); kept to printable ASCII.
  constraint log_origin_is_key_name check (origin ~ '^[!-*,-~]{1,255}$')
);
comment on table lib_event.log_origin is 'The log''s origin: the first line of its checkpoints and the name of its signing key.

One row, written at the first C2SP checkpoint and never changed: witnesses and
auditors know the log by it.';
comment on column lib_event.log_origin.log_origin__id is 'Always true: the table holds one row.';
comment on column lib_event.log_origin.origin is 'A scheme-less URL such as audit.example.com/lib_event (printable ASCII, no space or plus).';
comment on column lib_event.log_origin.created_at is 'When it was chosen.';
create trigger log_origin_refuse_change before update or delete on lib_event.log_origin
  for each statement execute function lib_event.refuse_change();
comment on trigger log_origin_refuse_change on lib_event.log_origin is 'A log keeps its origin.';

create function lib_event.default_origin()
returns text
language sql
stable
set search_path = ''
as $$
  select pg_catalog.format('lib-event.invalid/%s/%s',
    pg_catalog.regexp_replace(pg_catalog.current_database(), '[^A-Za-z0-9._-]', '_', 'g'), lib_event.system_identifier());
$$;
comment on function lib_event.default_origin() is 'The origin a log takes when none is configured: lib-event.invalid/<database>/<cluster id>.

Unique to the installation (the cluster''s system identifier); stored at the
first checkpoint, so a later restore into another cluster keeps it.';

create function lib_event.log_origin(wanted text default null)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  stored text;
begin
  select o.origin into stored from lib_event.log_origin o;
  if stored is null then
    if wanted is not null and wanted !~ '^[!-*,-~]{1,255}$' then
      raise exception using
        errcode = 'LE072',
        message = pg_catalog.format('origin %s is not a note key name', lib_event.shortened(wanted)),
        hint = 'A scheme-less URL such as audit.example.com/lib_event: 1 to 255 printable ASCII characters, no space and no plus.';
    end if;
    insert into lib_event.log_origin (origin) values (coalesce(wanted, lib_event.default_origin())) on conflict do nothing;
    select o.origin into stored from lib_event.log_origin o;
  end if;
  if wanted is not null and wanted <> stored then
    raise exception using
      errcode = 'LE073',
      message = pg_catalog.format('the log''s origin is %s, not %s', stored, lib_event.shortened(wanted)),
      hint = 'A log keeps the origin of its first checkpoint: witnesses and auditors know it by that name. Configure that origin (LIB_EVENT_LOG_ORIGIN) or none.';
  end if;
  return stored;
end
$$;
comment on function lib_event.log_origin(text) is 'The log''s origin: stored at the first call (wanted, else lib_event.default_origin()), then always that one.

Wanted another than the stored one: LE073; not a key name: LE072.';
grant execute on function lib_event.log_origin(text) to lib_event_sequencer;

alter table lib_event.log_checkpoint add column origin text collate "C";
comment on column lib_event.log_checkpoint.origin is 'The origin line of its C2SP note; null for a checkpoint signed as text lib_event checkpoint v1.';
comment on column lib_event.log_checkpoint.signature is 'Ed25519 signature of lib_event.checkpoint_signed_text: the C2SP note text, or for a checkpoint without origin the text lib_event.checkpoint_text.';

create function lib_event.checkpoint_body(origin text, tree_size bigint, root_hash bytea)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select pg_catalog.format(E'%s\n%s\n%s\n', origin, tree_size, pg_catalog.encode(root_hash, 'base64'));
$$;
comment on function lib_event.checkpoint_body(text, bigint, bytea) is 'The text of a C2SP checkpoint note (c2sp.org/tlog-checkpoint): origin, tree size, base64 root, each ending in a newline.';
grant execute on function lib_event.checkpoint_body(text, bigint, bytea) to lib_event_reader, lib_event_sequencer;

create function lib_event.ed25519_key_bytes(public_key text)
returns bytea
language sql
immutable
parallel safe
set search_path = ''
as $$
  -- An Ed25519 SubjectPublicKeyInfo is 44 bytes: a fixed 12-byte prefix, then the key.
  select pg_catalog.substr(pg_catalog.decode(pg_catalog.regexp_replace(public_key, '-----[A-Z ]+-----|\s', '', 'g'), 'base64'), 13, 32);
$$;
comment on function lib_event.ed25519_key_bytes(text) is 'The 32 bytes of an Ed25519 public key (RFC 8032) from its PEM (SubjectPublicKeyInfo).';
grant execute on function lib_event.ed25519_key_bytes(text) to lib_event_reader;

create function lib_event.note_key_id(name text, signature_type bytea, key bytea)
returns bytea
language sql
immutable
parallel safe
set search_path = ''
as $$
  select pg_catalog.substr(pg_catalog.sha256(pg_catalog.convert_to(name, 'UTF8') || '\x0a'::bytea || signature_type || key), 1, 4);
$$;
comment on function lib_event.note_key_id(text, bytea, bytea) is 'A note key ID (c2sp.org/signed-note): the first 4 bytes of SHA-256(name, newline, signature type, public key).';
grant execute on function lib_event.note_key_id(text, bytea, bytea) to lib_event_reader;

create function lib_event.vkey(name text, public_key text)
returns text
language sql
immutable
parallel safe
security definer
set search_path = ''
as $$
  select pg_catalog.format('%s+%s+%s', name,
    pg_catalog.encode(lib_event.note_key_id(name, '\x01', lib_event.ed25519_key_bytes(public_key)), 'hex'),
    pg_catalog.encode('\x01'::bytea || lib_event.ed25519_key_bytes(public_key), 'base64'));
$$;
comment on function lib_event.vkey(text, text) is 'The C2SP verifier key (vkey) of an Ed25519 key under a name: <name>+<hex key ID>+<base64(0x01, key)>.';
grant execute on function lib_event.vkey(text, text) to lib_event_reader;

create function lib_event.checkpoint_signed_text(origin text, tree_size bigint, root_hash bytea, signed_at timestamptz)
returns text
language sql
immutable
parallel safe
security definer
set search_path = ''
as $$
  select case when origin is null then lib_event.checkpoint_text(tree_size, root_hash, signed_at)
              else lib_event.checkpoint_body(origin, tree_size, root_hash) end;
$$;
comment on function lib_event.checkpoint_signed_text(text, bigint, bytea, timestamptz) is 'The text a checkpoint''s signature covers: its C2SP note text, or for one without origin the v1 text (lib_event.checkpoint_text).';
grant execute on function lib_event.checkpoint_signed_text(text, bigint, bytea, timestamptz) to lib_event_reader, lib_event_sequencer;

create function lib_event.signature_line(name text, key_id bytea, signature bytea)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select pg_catalog.format(E'\u2014 %s %s\n', name, pg_catalog.translate(pg_catalog.encode(key_id || signature, 'base64'), E'\n', ''));
$$;
comment on function lib_event.signature_line(text, bytea, bytea) is 'A note signature line: em dash, space, key name, space, base64(4-byte key ID, signature), newline.';

create function lib_event.checkpoint_note(tree_size bigint)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select lib_event.checkpoint_body(c.origin, c.tree_size, c.root_hash) || E'\n'
      || lib_event.signature_line(c.origin, lib_event.note_key_id(c.origin, '\x01', lib_event.ed25519_key_bytes(k.public_key)), c.signature)
    from lib_event.log_checkpoint c
    join lib_event.log_key k on k.key_id = c.key_id
   where c.tree_size = checkpoint_note.tree_size and c.origin is not null;
$$;
comment on function lib_event.checkpoint_note(bigint) is 'The C2SP checkpoint of tree_size as a signed note: its text, a blank line and its signature lines; null for a v1 checkpoint.';
grant execute on function lib_event.checkpoint_note(bigint) to lib_event_reader, lib_event_sequencer;

create function lib_event.add_checkpoint(tree_size bigint, signed_at timestamptz, public_key text, key_id text, signature bytea, origin text)
returns bytea
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  root bytea := lib_event.tree_root(tree_size);
begin
  perform lib_event.log_origin(origin);
  insert into lib_event.log_key (key_id, public_key) values (key_id, public_key) on conflict do nothing;
  insert into lib_event.log_checkpoint (tree_size, root_hash, signed_at, key_id, signature, origin)
  values (tree_size, root, signed_at, key_id, signature, origin);
  return root;
end
$$;
comment on function lib_event.add_checkpoint(bigint, timestamptz, text, text, bytea, text) is 'Store a signed C2SP checkpoint: the sequencer signed lib_event.checkpoint_body(origin, tree_size, lib_event.tree_root(tree_size)).

The origin must be the log''s (lib_event.log_origin: LE073 otherwise).';
grant execute on function lib_event.add_checkpoint(bigint, timestamptz, text, text, bytea, text) to lib_event_sequencer;

create or replace view lib_events.checkpoints as
  select c.tree_size, pg_catalog.encode(c.root_hash, 'hex') as root_hash, c.signed_at, c.key_id,
         pg_catalog.encode(c.signature, 'base64') as signature,
         lib_event.checkpoint_signed_text(c.origin, c.tree_size, c.root_hash, c.signed_at) collate "default" as signed_text,
         c.origin,
         lib_event.checkpoint_note(c.tree_size) as note
    from lib_event.log_checkpoint c;
comment on view lib_events.checkpoints is 'Signed checkpoints of the log (db/verifiable-log.md): keep copies elsewhere; npm run verify checks the log against them.

Since C2SP checkpoints, note is the checkpoint as a signed note
(c2sp.org/tlog-checkpoint) that any note verifier opens with the vkey of
GET /log_keys; older checkpoints have no origin and no note.';
comment on column lib_events.checkpoints.signature is 'Ed25519 signature of signed_text, base64.';
comment on column lib_events.checkpoints.signed_text is 'The exact text signed (UTF-8): the note text of a C2SP checkpoint, or the lib_event checkpoint v1 text.';
comment on column lib_events.checkpoints.origin is 'The log''s origin, the note''s first line; null for a lib_event checkpoint v1.';
comment on column lib_events.checkpoints.note is 'The C2SP signed note: text, blank line, the log''s signature line and any witnesses'' cosignature lines; null for a lib_event checkpoint v1.';

create or replace view lib_events.log_keys as
  select k.key_id, k.public_key, k.created_at,
         (select lib_event.vkey(o.origin, k.public_key) from lib_event.log_origin o) as vkey
    from lib_event.log_key k;
comment on column lib_events.log_keys.vkey is 'The key as a C2SP verifier key (<origin>+<key ID>+<key>): what note verifiers (Go''s golang.org/x/mod/sumdb/note, witnesses) take; null until the first C2SP checkpoint names the origin.';

reset role;

-- migrate:down
